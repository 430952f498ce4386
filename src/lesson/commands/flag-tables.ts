/**
 * The flags of the tools lessons call, read from each tool's own source at the tag named here,
 * so `kong-workshop lint` can report a misspelt flag before a learner types it. Only flag
 * names are recorded (long name, and `:x` for its one-letter shorthand), never code.
 *
 * How they were read: every `Flags()`/`PersistentFlags()` (or `*pflag.FlagSet`) call in the
 * function that builds the command, and in the `…Flag…` helpers it calls (`addDiagnosticSeverityFlags`,
 * `bindOutputFlag`, `cmdutil.AddFilenameOptionFlags`, `PrintFlags.AddFlags`, …), with flag names given as
 * constants resolved through the package's imports. `sources` lists the files that defined
 * flags for each command. Where a helper is called on a local variable, every `*Flags`/`*Options`
 * method of that name nearby is taken: a table may hold a flag too many (lint is then lenient),
 * never a real flag too few as far as the reading goes.
 *
 * Global flags (`global`) apply to every command of the tool; a command not listed here is not
 * checked, since its flags are unknown. `-h`/`--help` is cobra's own. For kubectl, the global
 * flags also come from kubernetes/cli-runtime v0.36.2 (ConfigFlags) and klog (`-v`, `--vmodule`).
 * To update: `python3 scripts/flag-tables/tables.py` (it prints these entries from git clones of
 * the five repositories; its docstring says how), with newer tags; docs/workshop.md records the
 * versions.
 */
export interface FlagTableSource {
  /** GitHub owner/name the flags were read from. */
  readonly repo: string;
  /** The release tag they were read at. */
  readonly tag: string;
  readonly global: FlagList;
  /** Keyed by the command's words after the tool's name: `gateway sync`, `rollout status`. */
  readonly commands: Readonly<Record<string, FlagList>>;
}

export interface FlagList {
  /** Files of `repo` (or `module:path` for another module) that define these flags. */
  readonly sources: readonly string[];
  /** Space-separated long names; `name:x` gives the one-letter shorthand. */
  readonly flags: string;
}

export const FLAG_TABLES = {
  deck: {
    repo: 'Kong/deck',
    tag: 'v1.65.1',
    global: {
      sources: ['cmd/root.go'],
      flags:
        'analytics ca-cert ca-cert-file config headers help:h kong-addr kong-admin-token kong-cookie-jar-path ' +
        'konnect-addr konnect-control-plane-name konnect-runtime-group-name konnect-token konnect-token-file ' +
        'no-color skip-workspace-crud timeout tls-client-cert tls-client-cert-file tls-client-key ' +
        'tls-client-key-file tls-server-name tls-skip-verify verbose',
    },
    commands: {
      'gateway sync': {
        sources: ['cmd/gateway_sync.go', 'cmd/utils.go'],
        flags:
          'consumer-group-policy-overrides db-update-propagation-delay errors-as-warnings:W ' +
          'include-plugin-definitions json-output no-mask-deck-env-vars-value parallelism rbac-resources-only ' +
          'select-tag silence-events skip-ca-certificates skip-consumers skip-consumers-with-consumer-groups ' +
          'skip-hash-for-basic-auth state:s warnings-as-errors:E workspace:w yes',
      },
      'gateway diff': {
        sources: ['cmd/gateway_diff.go', 'cmd/utils.go'],
        flags:
          'consumer-group-policy-overrides errors-as-warnings:W include-plugin-definitions json-output ' +
          'no-mask-deck-env-vars-value non-zero-exit-code parallelism rbac-resources-only select-tag ' +
          'silence-events skip-ca-certificates skip-consumers skip-consumers-with-consumer-groups state:s ' +
          'warnings-as-errors:E workspace:w yes',
      },
      'gateway dump': {
        sources: ['cmd/gateway_dump.go'],
        flags:
          'all-workspaces consumer-group-policy-overrides format include-plugin-definitions output-file:o ' +
          'rbac-resources-only sanitization-salt sanitize select-tag skip-ca-certificates skip-consumers ' +
          'skip-consumers-with-consumer-groups skip-defaults with-id workspace:w yes',
      },
      'gateway ping': { sources: ['cmd/gateway_ping.go'], flags: 'workspace:w' },
      'gateway reset': {
        sources: ['cmd/gateway_reset.go'],
        flags:
          'all-workspaces force:f json-output no-mask-deck-env-vars-value rbac-resources-only select-tag ' +
          'skip-ca-certificates skip-consumers skip-plugin-definitions workspace:w',
      },
      'gateway validate': {
        sources: ['cmd/gateway_validate.go', 'cmd/utils.go'],
        flags:
          'errors-as-warnings:W konnect-compatibility online online-entities-list parallelism rbac-resources-only ' +
          'state:s warnings-as-errors:E workspace:w',
      },
      'gateway apply': {
        sources: ['cmd/gateway_apply.go', 'cmd/utils.go'],
        flags:
          'db-update-propagation-delay errors-as-warnings:W include-plugin-definitions json-output parallelism ' +
          'silence-events skip-hash-for-basic-auth warnings-as-errors:E workspace:w',
      },
      'file render': {
        sources: ['cmd/file_render.go', 'cmd/utils.go'],
        flags: 'errors-as-warnings:W format output-file:o populate-env-vars warnings-as-errors:E',
      },
      'file format': { sources: ['cmd/file_format.go'], flags: 'format output-file:o' },
      'file openapi2kong': {
        sources: ['cmd/file_openapi2kong.go'],
        flags:
          'format generate-security ignore-circular-refs ignore-security-errors inso-compatible:i no-id ' +
          'output-file:o reuse-services select-tag skip-route-by-header spec:s uuid-base',
      },
      'file add-plugins': {
        sources: ['cmd/file_addplugins.go'],
        flags: 'format output-file:o overwrite selector state:s',
      },
      'file add-tags': { sources: ['cmd/file_addtags.go'], flags: 'format output-file:o selector state:s' },
      'file list-tags': { sources: ['cmd/file_listtags.go'], flags: 'format output-file:o selector state:s' },
      'file remove-tags': {
        sources: ['cmd/file_removetags.go'],
        flags: 'format keep-empty-array keep-only output-file:o selector state:s',
      },
      'file merge': { sources: ['cmd/file_merge.go'], flags: 'format output-file:o' },
      'file patch': { sources: ['cmd/file_patch.go'], flags: 'format output-file:o selector state:s value' },
      'file namespace': {
        sources: ['cmd/file_namespace.go'],
        flags: 'allow-empty-selectors clear-hosts:c format host output-file:o path-prefix:p selector state:s',
      },
      'file convert': {
        sources: ['cmd/file_convert.go', 'cmd/utils.go'],
        flags:
          'errors-as-warnings:W format from input-file no-expand-env-vars output-file:o to warnings-as-errors:E yes',
      },
      'file lint': {
        sources: ['cmd/file_lint.go'],
        flags: 'display-only-failures:D fail-severity:F format output-file:o state:s',
      },
      'file kong2kic': {
        sources: ['cmd/file_kong2kic.go'],
        flags: 'class-name format:f ingress kic-version output-file:o state:s',
      },
      'file kong2tf': {
        sources: ['cmd/file_kong2tf.go'],
        flags: 'generate-imports-for-control-plane-id:g ignore-credential-changes output-file:o state:s',
      },
      version: { sources: [], flags: '' },
    },
  },
  kongctl: {
    repo: 'Kong/kongctl',
    tag: 'v1.13.0',
    global: {
      sources: ['internal/cmd/output/text/settings.go', 'internal/cmd/root/root.go'],
      flags:
        'color-theme config-file help:h konnect-env log-file log-level no-telemetry output:o profile:p ' +
        'text-id-format text-layout',
    },
    commands: {
      'get organization': {
        sources: [
          'internal/cmd/output/columns/columns.go',
          'internal/cmd/output/jq/jq.go',
          'internal/cmd/root/verbs/get/get.go',
          'internal/cmd/root/verbs/get/organization.go',
        ],
        flags: 'base-url columns jq jq-color jq-color-theme jq-raw-output:r page-size pat region',
      },
      'get me': {
        sources: [
          'internal/cmd/output/columns/columns.go',
          'internal/cmd/output/jq/jq.go',
          'internal/cmd/root/verbs/get/get.go',
          'internal/cmd/root/verbs/get/me.go',
        ],
        flags: 'base-url columns jq jq-color jq-color-theme jq-raw-output:r page-size pat region',
      },
    },
  },
  kubectl: {
    repo: 'kubernetes/kubectl',
    tag: 'v0.36.3',
    global: {
      sources: [
        'k8s.io/cli-runtime:pkg/genericclioptions/config_flags.go',
        'pkg/cmd/cmd.go',
        'pkg/cmd/profiling.go',
        'pkg/cmd/util/kubectl_match_version.go',
      ],
      flags:
        'as as-group as-uid as-user-extra cache-dir certificate-authority client-certificate client-key cluster ' +
        'context disable-compression help:h insecure-skip-tls-verify kubeconfig match-server-version namespace:n ' +
        'password profile profile-output request-timeout server:s tls-server-name token user username v:v vmodule ' +
        'warnings-as-errors',
    },
    commands: {
      apply: {
        sources: [
          'k8s.io/cli-runtime:pkg/genericclioptions/builder_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/config_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/filename_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/json_yaml_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/jsonpath_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/kube_template_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/print_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/record_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/template_flags.go',
          'pkg/cmd/apply/apply.go',
          'pkg/cmd/delete/delete_flags.go',
          'pkg/cmd/util/helpers.go',
          'pkg/cmd/util/kubectl_match_version.go',
        ],
        flags:
          'all all-namespaces:A allow-missing-template-keys applyset cascade dry-run field-manager field-selector ' +
          'filename:f force force-conflicts grace-period ignore-not-found interactive:i kustomize:k local now ' +
          'openapi-patch output:o overwrite prune prune-allowlist raw record recursive:R selector:l server-side ' +
          'show-managed-fields subresource template timeout validate wait',
      },
      annotate: {
        sources: [
          'k8s.io/cli-runtime:pkg/genericclioptions/builder_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/config_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/filename_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/json_yaml_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/jsonpath_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/kube_template_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/print_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/record_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/template_flags.go',
          'pkg/cmd/annotate/annotate.go',
          'pkg/cmd/util/helpers.go',
          'pkg/cmd/util/kubectl_match_version.go',
        ],
        flags:
          'all all-namespaces:A allow-missing-template-keys dry-run field-manager field-selector filename:f ' +
          'kustomize:k list local output:o overwrite record recursive:R resource-version selector:l ' +
          'show-managed-fields template',
      },
      delete: {
        sources: [
          'k8s.io/cli-runtime:pkg/genericclioptions/builder_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/config_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/filename_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/json_yaml_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/jsonpath_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/kube_template_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/print_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/record_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/template_flags.go',
          'pkg/cmd/delete/delete_flags.go',
          'pkg/cmd/util/helpers.go',
          'pkg/cmd/util/kubectl_match_version.go',
          'pkg/cmd/wait/wait.go',
        ],
        flags:
          'all all-namespaces:A allow-missing-template-keys cascade dry-run field-selector filename:f for force ' +
          'grace-period ignore-not-found interactive:i kustomize:k local now output:o raw record recursive:R ' +
          'selector:l show-managed-fields template timeout wait',
      },
      get: {
        sources: [
          'k8s.io/cli-runtime:pkg/genericclioptions/builder_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/config_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/filename_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/json_yaml_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/jsonpath_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/kube_template_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/print_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/record_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/template_flags.go',
          'pkg/cmd/get/get.go',
          'pkg/cmd/get/get_flags.go',
          'pkg/cmd/get/humanreadable_flags.go',
          'pkg/cmd/util/helpers.go',
          'pkg/cmd/util/kubectl_match_version.go',
        ],
        flags:
          'all all-namespaces:A allow-missing-template-keys chunk-size field-selector filename:f ignore-not-found ' +
          'kustomize:k label-columns:L local no-headers output:o output-watch-events raw record recursive:R ' +
          'selector:l server-print show-kind show-labels show-managed-fields sort-by subresource template watch:w ' +
          'watch-only',
      },
      describe: {
        sources: ['pkg/cmd/describe/describe.go', 'pkg/cmd/util/helpers.go', 'pkg/cmd/util/kubectl_match_version.go'],
        flags: 'all-namespaces:A chunk-size filename:f kustomize:k recursive:R selector:l show-events',
      },
      wait: {
        sources: [
          'k8s.io/cli-runtime:pkg/genericclioptions/builder_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/config_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/filename_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/json_yaml_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/jsonpath_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/kube_template_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/print_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/record_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/template_flags.go',
          'pkg/cmd/get/get_flags.go',
          'pkg/cmd/get/humanreadable_flags.go',
          'pkg/cmd/util/kubectl_match_version.go',
          'pkg/cmd/wait/wait.go',
        ],
        flags:
          'all all-namespaces:A allow-missing-template-keys field-selector filename:f for kustomize:k ' +
          'label-columns:L local no-headers output:o record recursive:R selector:l show-kind show-labels ' +
          'show-managed-fields sort-by template timeout',
      },
      'rollout status': {
        sources: ['pkg/cmd/rollout/rollout_status.go', 'pkg/cmd/util/helpers.go'],
        flags: 'filename:f kustomize:k recursive:R revision selector:l timeout watch:w',
      },
      'port-forward': {
        sources: ['pkg/cmd/portforward/portforward.go', 'pkg/cmd/util/helpers.go'],
        flags: 'address pod-running-timeout',
      },
      label: {
        sources: [
          'k8s.io/cli-runtime:pkg/genericclioptions/builder_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/config_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/filename_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/json_yaml_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/jsonpath_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/kube_template_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/print_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/record_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/template_flags.go',
          'pkg/cmd/label/label.go',
          'pkg/cmd/util/helpers.go',
        ],
        flags:
          'all all-namespaces:A allow-missing-template-keys dry-run field-manager field-selector filename:f ' +
          'kustomize:k list local output:o overwrite record recursive:R resource-version selector:l ' +
          'show-managed-fields template',
      },
      logs: {
        sources: [
          'k8s.io/cli-runtime:pkg/genericclioptions/builder_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/config_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/filename_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/json_yaml_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/jsonpath_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/kube_template_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/print_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/record_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/template_flags.go',
          'pkg/cmd/logs/logs.go',
          'pkg/cmd/util/helpers.go',
          'pkg/cmd/util/kubectl_match_version.go',
        ],
        flags:
          'all all-containers all-namespaces:A all-pods allow-missing-template-keys container:c field-selector ' +
          'filename:f follow:f ignore-errors insecure-skip-tls-verify-backend kustomize:k limit-bytes local ' +
          'max-log-requests output:o pod-running-timeout prefix previous:p record recursive:R selector:l ' +
          'show-managed-fields since since-time tail template timestamps',
      },
      'create secret generic': {
        sources: [
          'k8s.io/cli-runtime:pkg/genericclioptions/builder_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/config_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/filename_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/json_yaml_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/jsonpath_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/kube_template_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/print_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/record_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/template_flags.go',
          'pkg/cmd/create/create_secret.go',
          'pkg/cmd/util/helpers.go',
        ],
        flags:
          'all all-namespaces:A allow-missing-template-keys append-hash dry-run field-manager field-selector ' +
          'filename:f from-env-file from-file from-literal kustomize:k local output:o record recursive:R ' +
          'save-config selector:l show-managed-fields template type validate',
      },
      'create namespace': {
        sources: [
          'k8s.io/cli-runtime:pkg/genericclioptions/builder_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/config_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/filename_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/json_yaml_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/jsonpath_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/kube_template_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/print_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/record_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/template_flags.go',
          'pkg/cmd/util/helpers.go',
        ],
        flags:
          'all all-namespaces:A allow-missing-template-keys dry-run field-manager field-selector filename:f ' +
          'kustomize:k local output:o record recursive:R save-config selector:l show-managed-fields template ' +
          'validate',
      },
      'config current-context': { sources: [], flags: '' },
      'config use-context': { sources: [], flags: '' },
      'cluster-info': { sources: [], flags: '' },
      version: { sources: ['pkg/cmd/version/version.go'], flags: 'client output:o' },
      events: {
        sources: [
          'k8s.io/cli-runtime:pkg/genericclioptions/builder_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/config_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/filename_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/json_yaml_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/jsonpath_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/kube_template_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/print_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/record_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/template_flags.go',
          'pkg/cmd/events/events.go',
          'pkg/cmd/util/helpers.go',
          'pkg/cmd/util/kubectl_match_version.go',
        ],
        flags:
          'all all-namespaces:A allow-missing-template-keys chunk-size field-selector filename:f for kustomize:k ' +
          'local no-headers output:o record recursive:R selector:l show-managed-fields template types watch:w',
      },
      patch: {
        sources: [
          'k8s.io/cli-runtime:pkg/genericclioptions/builder_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/config_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/filename_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/json_yaml_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/jsonpath_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/kube_template_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/print_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/record_flags.go',
          'k8s.io/cli-runtime:pkg/genericclioptions/template_flags.go',
          'pkg/cmd/patch/patch.go',
          'pkg/cmd/util/helpers.go',
        ],
        flags:
          'all all-namespaces:A allow-missing-template-keys dry-run field-manager field-selector filename:f ' +
          'kustomize:k local output:o patch:p patch-file record recursive:R selector:l show-managed-fields ' +
          'subresource template type',
      },
      exec: {
        sources: ['pkg/cmd/exec/exec.go', 'pkg/cmd/util/helpers.go'],
        flags: 'container:c filename:f pod-running-timeout quiet:q stdin:i tty:t',
      },
    },
  },
  helm: {
    repo: 'helm/helm',
    tag: 'v3.21.4',
    global: {
      sources: ['pkg/cli/environment.go'],
      flags:
        'burst-limit debug help:h kube-apiserver kube-as-group kube-as-user kube-ca-file kube-context ' +
        'kube-insecure-skip-tls-verify kube-tls-server-name kube-token kubeconfig namespace:n qps registry-config ' +
        'repository-cache repository-config',
    },
    commands: {
      install: {
        sources: ['cmd/helm/flags.go', 'cmd/helm/install.go'],
        flags:
          'atomic ca-file cert-file create-namespace dependency-update description devel disable-openapi-validation ' +
          'dry-run enable-dns force generate-name:g hide-notes hide-secret insecure-skip-tls-verify key-file ' +
          'keyring labels:l name-template no-hooks output:o pass-credentials password plain-http post-renderer ' +
          'post-renderer-args render-subchart-notes replace repo set set-file set-json set-literal set-string ' +
          'skip-crds skip-schema-validation take-ownership timeout username values:f verify version wait ' +
          'wait-for-jobs',
      },
      upgrade: {
        sources: ['cmd/helm/flags.go', 'cmd/helm/upgrade.go'],
        flags:
          'atomic ca-file cert-file cleanup-on-fail create-namespace dependency-update description devel ' +
          'disable-openapi-validation dry-run enable-dns force hide-notes hide-secret history-max ' +
          'insecure-skip-tls-verify install:i key-file keyring labels:l no-hooks output:o pass-credentials ' +
          'password plain-http post-renderer post-renderer-args recreate-pods render-subchart-notes repo ' +
          'reset-then-reuse-values reset-values reuse-values set set-file set-json set-literal set-string ' +
          'skip-crds skip-schema-validation take-ownership timeout username values:f verify version wait ' +
          'wait-for-jobs',
      },
      uninstall: {
        sources: ['cmd/helm/uninstall.go'],
        flags: 'cascade description dry-run ignore-not-found keep-history no-hooks timeout wait',
      },
      'repo add': {
        sources: ['cmd/helm/repo_add.go'],
        flags:
          'allow-deprecated-repos ca-file cert-file force-update insecure-skip-tls-verify key-file no-update ' +
          'pass-credentials password password-stdin timeout username',
      },
      'repo update': { sources: ['cmd/helm/repo_update.go'], flags: 'fail-on-repo-update-fail timeout' },
      'repo list': { sources: ['cmd/helm/flags.go'], flags: 'output:o' },
      'repo remove': { sources: [], flags: '' },
      list: {
        sources: ['cmd/helm/flags.go', 'cmd/helm/list.go'],
        flags:
          'all:a all-namespaces:A date:d deployed failed filter:f max:m no-headers offset output:o pending reverse:r ' +
          'selector:l short:q superseded time-format uninstalled uninstalling',
      },
      status: {
        sources: ['cmd/helm/flags.go', 'cmd/helm/status.go'],
        flags: 'output:o revision show-desc show-resources',
      },
      template: {
        sources: ['cmd/helm/flags.go', 'cmd/helm/install.go', 'cmd/helm/template.go'],
        flags:
          'api-versions:a atomic ca-file cert-file create-namespace dependency-update description devel ' +
          'disable-openapi-validation dry-run enable-dns force generate-name:g hide-notes include-crds ' +
          'insecure-skip-tls-verify is-upgrade key-file keyring kube-version labels:l name-template no-hooks ' +
          'output-dir pass-credentials password plain-http post-renderer post-renderer-args release-name ' +
          'render-subchart-notes replace repo set set-file set-json set-literal set-string show-only:s skip-crds ' +
          'skip-schema-validation skip-tests take-ownership timeout username validate values:f verify version wait ' +
          'wait-for-jobs',
      },
      version: { sources: ['cmd/helm/version.go'], flags: 'client:c short template' },
      'get values': { sources: ['cmd/helm/flags.go', 'cmd/helm/get_values.go'], flags: 'all:a output:o revision' },
      'get manifest': { sources: ['cmd/helm/get_manifest.go'], flags: 'revision' },
      history: { sources: ['cmd/helm/flags.go', 'cmd/helm/history.go'], flags: 'max output:o' },
      rollback: {
        sources: ['cmd/helm/rollback.go'],
        flags: 'cleanup-on-fail dry-run force history-max no-hooks recreate-pods timeout wait wait-for-jobs',
      },
      'search repo': {
        sources: ['cmd/helm/flags.go', 'cmd/helm/search_repo.go'],
        flags: 'devel fail-on-no-result max-col-width output:o regexp:r version versions:l',
      },
      pull: {
        sources: ['cmd/helm/flags.go', 'cmd/helm/pull.go'],
        flags:
          'ca-file cert-file destination:d devel insecure-skip-tls-verify key-file keyring pass-credentials password ' +
          'plain-http prov repo untar untardir username verify version',
      },
    },
  },
} as const satisfies Readonly<Record<string, FlagTableSource>>;
