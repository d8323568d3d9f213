/**
 * The runtime guard is not built yet: this package only reserves its name and entry point.
 * Its API (`install(options)` returning a guard) arrives with the runtime-guard issue.
 */
export const version = '0.0.0';
