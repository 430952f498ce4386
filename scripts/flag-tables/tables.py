"""
Reads the flags of deck, kongctl, helm and kubectl from git clones of their repositories and
prints src/lesson/commands/flag-tables.ts's FLAG_TABLES entries (names only, never code).

  python3 scripts/flag-tables/tables.py DECK KONGCTL HELM KUBECTL CLI_RUNTIME > /tmp/tables.ts.part

Each argument is a git clone (tags fetched) of Kong/deck, Kong/kongctl, helm/helm,
kubernetes/kubectl and kubernetes/cli-runtime. Change the tags below to read newer releases,
then paste the output between `export const FLAG_TABLES = {` and `} as const …`.
"""
import json, sys
from extract import Repo, table

DECK_TAG, KONGCTL_TAG, HELM_TAG, KUBECTL_TAG, CLI_RUNTIME_TAG = 'v1.65.1', 'v1.13.0', 'v3.21.4', 'v0.36.3', 'v0.36.2'


def deck(path):
    R = Repo(path, DECK_TAG)
    gs = set()
    glob = R.collect('cmd', ['newRootCmd', 'init', 'NewRootCmd', 'Execute'], files=gs, persistent_only=True)
    glob['help'] = 'h'
    commands = {'gateway sync': 'newSyncCmd', 'gateway diff': 'newDiffCmd', 'gateway dump': 'newDumpCmd', 'gateway ping': 'newPingCmd',
                'gateway reset': 'newResetCmd', 'gateway validate': 'newValidateCmd', 'gateway apply': 'newApplyCmd',
                'file render': 'newFileRenderCmd', 'file format': 'newFileFormatCmd', 'file openapi2kong': 'newOpenapi2KongCmd',
                'file add-plugins': 'newAddPluginsCmd', 'file add-tags': 'newAddTagsCmd', 'file list-tags': 'newListTagsCmd',
                'file remove-tags': 'newRemoveTagsCmd', 'file merge': 'newMergeCmd', 'file patch': 'newPatchCmd',
                'file namespace': 'newNamespaceCmd', 'file convert': 'newConvertCmd', 'file lint': 'newLintCmd',
                'file kong2kic': 'newKong2KicCmd', 'file kong2tf': 'newKong2TfCmd', 'version': 'newVersionCmd'}
    return table('deck', 'Kong/deck', DECK_TAG, glob, gs, {p: read(R, 'cmd', [fn]) for p, fn in commands.items()})


def kongctl(path):
    R = Repo(path, KONGCTL_TAG)
    gs = set()
    glob = R.collect('internal/cmd/root', ['newRootCmd'], files=gs, persistent_only=True)
    # textoutput.AddFlags(rootCmd.PersistentFlags()): the text layout flags are global too.
    glob.update(R.collect('internal/cmd/output/text', ['AddFlags'], files=gs))
    glob['help'] = 'h'
    commands = {'get organization': 'NewDirectOrganizationCmd', 'get me': 'NewDirectMeCmd'}
    return table('kongctl', 'Kong/kongctl', KONGCTL_TAG, glob, gs, {p: read(R, 'internal/cmd/root/verbs/get', ['NewGetCmd', fn]) for p, fn in commands.items()})


def helm(path):
    R = Repo(path, HELM_TAG)
    gs = set()
    glob = R.collect('pkg/cli', ['EnvSettings.AddFlags'], files=gs)
    glob['help'] = 'h'
    commands = {'install': 'newInstallCmd', 'upgrade': 'newUpgradeCmd', 'uninstall': 'newUninstallCmd', 'repo add': 'newRepoAddCmd',
                'repo update': 'newRepoUpdateCmd', 'repo list': 'newRepoListCmd', 'repo remove': 'newRepoRemoveCmd', 'list': 'newListCmd',
                'status': 'newStatusCmd', 'template': 'newTemplateCmd', 'version': 'newVersionCmd', 'get values': 'newGetValuesCmd',
                'get manifest': 'newGetManifestCmd', 'history': 'newHistoryCmd', 'rollback': 'newRollbackCmd',
                'search repo': 'newSearchRepoCmd', 'pull': 'newPullCmd'}
    return table('helm', 'helm/helm', HELM_TAG, glob, gs, {p: read(R, 'cmd/helm', [fn]) for p, fn in commands.items()})


def kubectl(path, cli_runtime):
    R = Repo(path, KUBECTL_TAG)
    CR = Repo(cli_runtime, CLI_RUNTIME_TAG)
    CR.label = CR.module
    R.others = {CR.module: CR}
    gs = {'pkg/cmd/cmd.go'}
    glob = {}
    for p, body in R.funcs('pkg/cmd')['NewKubectlCommand']:
        glob.update(R.flags_in(p, body))
    glob.update(R.collect('pkg/cmd', ['addProfilingFlags'], files=gs))
    glob.update(R.collect('pkg/cmd/kuberc', ['Preferences.AddFlags'], files=gs))
    # kubeConfigFlags.AddFlags(flags) and matchVersionKubeConfigFlags.AddFlags(flags) are called on local variables.
    glob.update(CR.collect('pkg/genericclioptions', ['ConfigFlags.AddFlags'], files=gs))
    glob.update(R.collect('pkg/cmd/util', ['MatchVersionFlags.AddFlags'], files=gs))
    glob['help'] = 'h'
    # klog's flags, which kubectl's main adds to every command (k8s.io/component-base/logs).
    glob['v'] = 'v'
    glob['vmodule'] = None
    commands = {'apply': ('pkg/cmd/apply', 'NewCmdApply'), 'annotate': ('pkg/cmd/annotate', 'NewCmdAnnotate'), 'delete': ('pkg/cmd/delete', 'NewCmdDelete'),
                'get': ('pkg/cmd/get', 'NewCmdGet'), 'describe': ('pkg/cmd/describe', 'NewCmdDescribe'), 'wait': ('pkg/cmd/wait', 'NewCmdWait'),
                'rollout status': ('pkg/cmd/rollout', 'NewCmdRolloutStatus'), 'port-forward': ('pkg/cmd/portforward', 'NewCmdPortForward'),
                'label': ('pkg/cmd/label', 'NewCmdLabel'), 'logs': ('pkg/cmd/logs', 'NewCmdLogs'),
                'create secret generic': ('pkg/cmd/create', 'NewCmdCreateSecretGeneric'), 'create namespace': ('pkg/cmd/create', 'NewCmdCreateNamespace'),
                'config current-context': ('pkg/cmd/config', 'NewCmdConfigCurrentContext'), 'config use-context': ('pkg/cmd/config', 'NewCmdConfigUseContext'),
                'cluster-info': ('pkg/cmd/clusterinfo', 'NewCmdClusterInfo'), 'version': ('pkg/cmd/version', 'NewCmdVersion'),
                'events': ('pkg/cmd/events', 'NewCmdEvents'), 'patch': ('pkg/cmd/patch', 'NewCmdPatch'), 'exec': ('pkg/cmd/exec', 'NewCmdExec')}
    return table('kubectl', 'kubernetes/kubectl', KUBECTL_TAG, glob, gs, {p: read(R, d, [fn]) for p, (d, fn) in commands.items()})


def read(repo, directory, roots):
    files = set()
    flags = {}
    for root in roots:
        flags.update(repo.collect(directory, [root], files=files))
    return {'flags': sorted([k, v] for k, v in flags.items()), 'sources': sorted(files)}


def typescript(tables):
    def enc(flags):
        return ' '.join(f'{n}:{s}' if s else n for n, s in sorted(flags))
    lines = []
    for t in tables:
        shared = {n for n, _ in t['global']['flags']}
        sources = lambda files: '[' + ', '.join(f"'{f}'" for f in files) + ']'
        lines += [f"  {t['tool']}: {{", f"    repo: '{t['repo']}',", f"    tag: '{t['tag']}',",
                  f"    global: {{ sources: {sources(t['global']['sources'])}, flags: '{enc(t['global']['flags'])}' }},", '    commands: {']
        for path, c in t['commands'].items():
            own = [f for f in c['flags'] if f[0] not in shared]
            lines.append(f"      '{path}': {{ sources: {sources(c['sources'])}, flags: '{enc(own)}' }},")
        lines += ['    },', '  },']
    return '\n'.join(lines)


if __name__ == '__main__':
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    deck_path, kongctl_path, helm_path, kubectl_path, cli_runtime_path = sys.argv[1:]
    print(typescript([deck(deck_path), kongctl(kongctl_path), kubectl(kubectl_path, cli_runtime_path), helm(helm_path)]))
