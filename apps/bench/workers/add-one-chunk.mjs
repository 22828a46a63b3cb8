// The hand-chunked map of the pool bench, for tinypool by hand: one task
// maps a whole chunk of numbers.
export default (xs) => xs.map((x) => x + 1);
