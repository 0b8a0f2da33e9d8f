package io.trustee.kbs.util;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A bounds-checked cursor over a byte array: every read checks the remaining length first, so
 * parsers never compute {@code offset + size} by hand. A read past the end throws {@link
 * TruncatedException} naming the field, which parsers translate into their own "bad input" error.
 *
 * <p>Not thread-safe (it has a position); the array it reads is not copied, so callers must not
 * change it while reading.
 */
public final class ByteReader {
  private final byte[] data;
  private final int end;
  private int pos;

  /** Thrown when a structure is shorter than its layout requires. */
  public static final class TruncatedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TruncatedException(String field, int wanted, int available) {
      super("truncated: " + field + " needs " + wanted + " bytes, " + available + " left");
    }
  }

  public ByteReader(byte[] data) {
    this(data, 0, data.length);
  }

  public ByteReader(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new IllegalArgumentException("slice out of range");
    }
    this.data = data;
    this.pos = offset;
    this.end = offset + length;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  public boolean hasRemaining() {
    return pos < end;
  }

  private void need(String field, int n) {
    if (n < 0 || n > end - pos) {
      throw new TruncatedException(field, n, end - pos);
    }
  }

  public byte[] bytes(String field, int n) {
    need(field, n);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  public void skip(String field, int n) {
    need(field, n);
    pos += n;
  }

  /** Moves to an absolute offset relative to the start of the slice. */
  public void seek(String field, int offsetFromStart, int sliceStart) {
    int target = sliceStart + offsetFromStart;
    if (target < sliceStart || target > end) {
      throw new TruncatedException(field, offsetFromStart, end - sliceStart);
    }
    pos = target;
  }

  public int u8(String field) {
    need(field, 1);
    return data[pos++] & 0xff;
  }

  public int u16be(String field) {
    need(field, 2);
    int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  public int u16le(String field) {
    need(field, 2);
    int v = (data[pos] & 0xff) | ((data[pos + 1] & 0xff) << 8);
    pos += 2;
    return v;
  }

  public long u32be(String field) {
    need(field, 4);
    long v = ByteBuffer.wrap(data, pos, 4).order(ByteOrder.BIG_ENDIAN).getInt() & 0xffffffffL;
    pos += 4;
    return v;
  }

  public long u32le(String field) {
    need(field, 4);
    long v = ByteBuffer.wrap(data, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    pos += 4;
    return v;
  }

  /**
   * Unsigned 64-bit value returned as a signed long (compare with {@code Long.compareUnsigned}).
   */
  public long u64be(String field) {
    need(field, 8);
    long v = ByteBuffer.wrap(data, pos, 8).order(ByteOrder.BIG_ENDIAN).getLong();
    pos += 8;
    return v;
  }

  /**
   * Unsigned 64-bit value returned as a signed long (compare with {@code Long.compareUnsigned}).
   */
  public long u64le(String field) {
    need(field, 8);
    long v = ByteBuffer.wrap(data, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    pos += 8;
    return v;
  }

  /** Requires that nothing is left (rejects over-long structures). */
  public void expectEnd(String structure) {
    if (pos != end) {
      throw new IllegalArgumentException(
          structure + ": " + (end - pos) + " unexpected trailing bytes");
    }
  }
}
