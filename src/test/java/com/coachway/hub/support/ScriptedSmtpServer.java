package com.coachway.hub.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server that answers RCPT TO with scripted replies ({@code 550 5.1.1 ...}, {@code 451 4.3.0 ...}),
 * for the SMTP errors GreenMail cannot produce. Accepted messages are kept as raw text.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket server;
    private final ConcurrentLinkedQueue<String> rcptReplies = new ConcurrentLinkedQueue<>();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final List<String> rcptAnswers = new CopyOnWriteArrayList<>();

    public ScriptedSmtpServer() {
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(this::serve, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next RCPT TO commands are answered with these replies, in order; then with 250. */
    public void answerRecipients(String... replies) {
        rcptReplies.addAll(List.of(replies));
    }

    public void reset() {
        rcptReplies.clear();
        accepted.clear();
        rcptAnswers.clear();
    }

    /** How many RCPT TO commands were answered, whatever the answer. */
    public int recipientAttempts() {
        return rcptAnswers.size();
    }

    public List<String> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                converse(socket);
            } catch (IOException e) {
                // the client hung up
            }
        }
    }

    private void converse(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        reply(out, "220 scripted.example ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(out, "250 scripted.example");
            } else if (command.startsWith("MAIL FROM")) {
                reply(out, "250 2.1.0 OK");
            } else if (command.startsWith("RCPT TO")) {
                String answer = rcptReplies.poll();
                answer = answer == null ? "250 2.1.5 OK" : answer;
                rcptAnswers.add(answer);
                reply(out, answer);
            } else if (command.equals("DATA")) {
                reply(out, "354 End data with <CR><LF>.<CR><LF>");
                StringBuilder message = new StringBuilder();
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    message.append(line).append('\n');
                }
                accepted.add(message.toString());
                reply(out, "250 2.0.0 queued");
            } else if (command.equals("QUIT")) {
                reply(out, "221 2.0.0 bye");
                return;
            } else if (command.equals("RSET") || command.equals("NOOP")) {
                reply(out, "250 OK");
            } else {
                reply(out, "502 5.5.2 command not implemented");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
