/** snappyjs ships no types: the two functions Argus uses (block format, as remote write wants). */
declare module 'snappyjs' {
  const snappy: {
    /** A Buffer in, a new Buffer out (never a view of shared memory). */
    compress(input: Uint8Array): Uint8Array<ArrayBuffer>;
    uncompress(input: Uint8Array, maxLength?: number): Uint8Array<ArrayBuffer>;
  };
  export default snappy;
}
