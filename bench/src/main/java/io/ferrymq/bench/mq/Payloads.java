package io.ferrymq.bench.mq;

import java.nio.ByteBuffer;

/** Message bodies: printable filler, optionally led by a run marker and a send timestamp (e2e). */
final class Payloads {
    /** Bytes of the e2e stamp: run marker (8) then System.nanoTime() at send (8). */
    static final int STAMP_LENGTH = 16;

    private Payloads() {
    }

    static byte[] filler(int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    /** A copy of {@code template} whose first 16 bytes are {@code marker} and {@code sendNanos}. */
    static byte[] stamped(byte[] template, long marker, long sendNanos) {
        byte[] body = template.clone();
        ByteBuffer.wrap(body).putLong(0, marker).putLong(8, sendNanos);
        return body;
    }
}
