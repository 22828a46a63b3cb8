/**
 * One promise shared by every call that has nothing to wait for. Promises are
 * immutable once settled, so handing the same one to every caller is safe and
 * spares an allocation on the fast path.
 */
export const RESOLVED: Promise<void> = /* @__PURE__ */ Promise.resolve();
