package io.sfstream.emulator.internal.server;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A request whose body the filter has read already, offered again to the servlet, with
 * the asynchronous reading CometD uses ({@link ServletInputStream#setReadListener}).
 */
final class BufferedBodyRequest extends HttpServletRequestWrapper {

    private final byte[] body;

    private @Nullable BodyStream stream;

    BufferedBodyRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
        if (this.stream == null) {
            this.stream = new BodyStream(this.body);
        }
        return this.stream;
    }

    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
        return this.body.length;
    }

    @Override
    public long getContentLengthLong() {
        return this.body.length;
    }

    /** The buffered body: always ready, finished once read. */
    private static final class BodyStream extends ServletInputStream {

        private final ByteArrayInputStream bytes;

        BodyStream(byte[] body) {
            this.bytes = new ByteArrayInputStream(body);
        }

        @Override
        public boolean isFinished() {
            return this.bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            try {
                if (isFinished()) {
                    listener.onAllDataRead();
                }
                else {
                    listener.onDataAvailable();
                }
            }
            catch (IOException e) {
                listener.onError(e);
            }
        }

        @Override
        public int read() {
            return this.bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return this.bytes.read(buffer, offset, length);
        }

    }

}
