/**
 * The bash program every command of a session runs in. It restores the session (variables,
 * functions, aliases, folder) from the state file, runs the command, and on exit, however the
 * command ended (`exit 3`, a failure under `set -e`, a SIGTERM from a timeout), writes the
 * session back to `state.next`. The session module promotes that file once it is complete.
 *
 * Everything here is bash builtins: no command substitution, so no extra process per command.
 */

/** Environment variables that carry the command and the names set since the last command. */
export const COMMAND_ENV = '__KW_COMMAND';
export const PENDING_ENV = '__KW_PENDING';

/** The state file ends with this marker and the folder the command ended in. */
export const STATE_END_MARKER = '\n#kw-end ';

/** Every variable name, from `${!A@}`-style prefix expansions (no `compgen`, so no fork). */
const PREFIXES = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_'];
const ALL_NAMES = PREFIXES.map((p) => `"\${!${p}@}"`).join(' ');

/**
 * Variables bash maintains itself (they change on their own or are read-only), plus the
 * session's own `__kw_` helpers. OLDPWD is carried separately so the restoring `cd` does not
 * clobber it.
 */
const SPECIAL_NAMES = [
  'BASH*',
  'COMP_WORDBREAKS',
  'DIRSTACK',
  'EPOCHREALTIME',
  'EPOCHSECONDS',
  'EUID',
  'FUNCNAME',
  'GROUPS',
  'HISTCMD',
  'LINENO',
  'OLDPWD',
  'OPTIND',
  'PIPESTATUS',
  'PPID',
  'PWD',
  'RANDOM',
  'SECONDS',
  'SHELLOPTS',
  'SHLVL',
  'SRANDOM',
  'UID',
  '_',
  '__kw_*',
].join('|');

/** Quotes a string for bash in single quotes. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The file, in the state folder, that holds the session script. */
export const SCRIPT_FILE = 'session.sh';

/**
 * The `bash -c` line: the command runs on line 1, so bash's "line N" in error messages counts
 * the command's own lines, not the script's.
 */
export function commandLine(stateDir: string): string {
  return `builtin source ${shellQuote(`${stateDir}/${SCRIPT_FILE}`)} && __kw_apply && builtin eval -- "$__kw_command"`;
}

/**
 * The script sourced before each command of a session whose state lives in `stateDir` and
 * whose first command starts in `startDir`. Sourced, not called, so that the state file's
 * `declare`s make global variables.
 */
export function sessionScript(stateDir: string, startDir: string): string {
  return `__kw_dir=${shellQuote(stateDir)}
__kw_cwd=${shellQuote(startDir)}
__kw_command=$${COMMAND_ENV}
__kw_pending=$${PENDING_ENV}
builtin unset -v ${COMMAND_ENV} ${PENDING_ENV} OLDPWD
builtin shopt -s expand_aliases
builtin trap 'builtin exit 143' TERM
__kw_names() { __kw_all=(${ALL_NAMES}); }
__kw_special() { case $1 in ${SPECIAL_NAMES}) return 0;; esac; return 1; }
# What each variable was when bash started (environment and bash defaults): a variable the
# session never changed is not written to the state file, so inherited values, secrets
# included, never land on disk.
declare -A __kw_start=()
__kw_names
for __kw_n in "\${__kw_all[@]}"; do
  __kw_special "$__kw_n" || __kw_start[$__kw_n]="\${!__kw_n@a}=\${!__kw_n}"
done
__kw_apply() {
  builtin cd -- "$__kw_cwd" 2>/dev/null || {
    builtin printf 'kong-workshop: the folder %s is gone; the command runs in %s\\n' "$__kw_cwd" \\
      ${shellQuote(startDir)} >&2
    builtin cd -- ${shellQuote(startDir)} 2>/dev/null || builtin cd -- "$__kw_dir"
  }
  if [[ -v __kw_oldpwd ]]; then OLDPWD=$__kw_oldpwd; else builtin unset -v OLDPWD; fi
  # Variables set by the runner since the last command win over what the state file says.
  builtin local IFS=' '
  for __kw_n in $__kw_pending; do
    [[ -v __kw_start[$__kw_n] ]] && builtin export -- "$__kw_n=\${__kw_start[$__kw_n]#*=}"
  done
  builtin unset -f __kw_apply
  return 0
}
__kw_save() {
  # A SIGTERM now (a second one, or a stop just as the command ended) would cut the file short.
  builtin trap '' TERM
  { builtin set +xeu; } 2>/dev/null
  {
    builtin printf '__kw_cwd=%q\\n' "$PWD"
    [[ -v OLDPWD ]] && builtin printf '__kw_oldpwd=%q\\n' "$OLDPWD"
    __kw_names
    for __kw_n in "\${__kw_all[@]}"; do
      __kw_special "$__kw_n" && continue
      __kw_a=\${!__kw_n@a}
      [[ $__kw_a == *r* ]] && continue
      [[ $__kw_a != *[aA]* && -v __kw_start[$__kw_n] && \${__kw_start[$__kw_n]} == "$__kw_a=\${!__kw_n}" ]] && continue
      builtin declare -p -- "$__kw_n"
    done
    for __kw_n in "\${!__kw_start[@]}"; do
      builtin declare -p -- "$__kw_n" >/dev/null 2>&1 || builtin printf 'builtin unset -v %s\\n' "$__kw_n"
    done
    builtin unset -f __kw_save __kw_names __kw_special
    builtin declare -f
    builtin alias -p
    builtin printf '${STATE_END_MARKER.slice(1)}%s' "$PWD"
  } >| "$__kw_dir/state.next"
}
builtin trap __kw_save EXIT
[[ -f $__kw_dir/state ]] && builtin source "$__kw_dir/state"
builtin true
`;
}
