// The exec module's vocabulary without its I/O (execa, shell sessions, crypto): for callers that
// only need a name, such as the short sandbox commands, which must start fast.

/** Set in every lesson command's environment, so that its descendants can be found wherever they went. */
export const RUN_MARKER_ENV = 'KONG_WORKSHOP_RUN';
