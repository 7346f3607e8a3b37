/**
 * Just enough protocol buffers to write Prometheus' remote write messages (prompb): varints,
 * doubles and length-delimited fields. Every message Argus sends is built bottom-up, so each
 * nested message is encoded first and its length is known when its parent is written.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;

/** An unsigned varint; exact for integers up to 2^53 (timestamps in ms, lengths). */
export function varint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`varint: ${value} is not a non-negative safe integer`);
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Uint8Array.from(bytes);
}

const key = (field: number, wire: number) => varint(field * 8 + wire);

/** A length-delimited field: a string (UTF-8) or an encoded message. */
export function bytesField(field: number, value: string | Uint8Array): Buffer {
  const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([key(field, WIRE_BYTES), varint(data.length), data]);
}

export function doubleField(field: number, value: number): Buffer {
  const data = Buffer.alloc(8);
  data.writeDoubleLE(value);
  return Buffer.concat([key(field, WIRE_FIXED64), data]);
}

/** An int64 field holding a non-negative value (a varint then; negative ones are not needed). */
export function uint64Field(field: number, value: number): Buffer {
  return Buffer.concat([key(field, WIRE_VARINT), varint(value)]);
}
