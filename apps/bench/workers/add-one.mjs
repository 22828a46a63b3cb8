// The task of the pool round-trip bench, for tinypool and piscina by hand
// (both load a file and call its default export once a task).
export default (x) => x + 1;
