// The floor of the pool process round-trip bench: a bare forked child that
// answers each [id, x] IPC message with [id, x + 1].
process.on('message', (message) => {
  process.send([message[0], message[1] + 1]);
});
