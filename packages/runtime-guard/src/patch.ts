/**
 * Replaces `target[key]` with a wrapper built from the original. The returned function restores the
 * original when nobody patched over us since; otherwise it only switches the wrapper to pass-through, so
 * a later patch (an APM agent's, say) keeps working.
 */
export function patchMethod<T extends object, K extends keyof T>(
  target: T,
  key: K,
  wrap: (original: T[K], isActive: () => boolean) => T[K],
): () => void {
  const original = target[key];
  if (typeof original !== 'function') return () => {};
  let active = true;
  const wrapper = wrap(original, () => active);
  target[key] = wrapper;
  return () => {
    active = false;
    if (target[key] === wrapper) target[key] = original;
  };
}
