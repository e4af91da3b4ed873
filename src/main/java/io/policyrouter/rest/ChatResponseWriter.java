package io.policyrouter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrouter.dispatch.DispatchConfig;
import io.policyrouter.dispatch.DispatchResult;
import io.policyrouter.dispatch.LiveStream;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.http.HttpVersion;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a chat completion's outcome to the client's connection: a JSON answer or problem, or the relayed stream as
 * OpenAI's server-sent events ({@code data: <chunk>}, then {@code data: [DONE]}; a failure after the first byte ends
 * it with {@code data: {"error": ...}}). Streams honour the client's pace: when its connection cannot take more the
 * stream — and the provider's connection behind it — is paused until it drains. A client that leaves cancels the
 * provider call, before or after the first byte.
 */
@ApplicationScoped
public class ChatResponseWriter {

    private static final Logger LOG = Logger.getLogger(ChatResponseWriter.class);

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    private final ChatMapper mapper;
    private final Problems problems;
    private final ObjectMapper json;
    private final long stallMs;

    public ChatResponseWriter(ChatMapper mapper, Problems problems, ObjectMapper json, DispatchConfig config) {
        this.mapper = mapper;
        this.problems = problems;
        this.json = json;
        this.stallMs = Math.max(1, config.clientStallTimeout().toMillis());
    }

    /** Writes what {@code result} comes to; {@code release} runs once when the request is over, however it ends. */
    void write(RoutingContext ctx, Uni<DispatchResult> result, Runnable release) {
        Once done = new Once(release);
        HttpServerResponse response = ctx.response();
        Cancellable pending = result.subscribe().with(r -> answer(ctx, r, done), e -> {
            problem(ctx, e);
            done.run();
        });
        // The client left while the chain was still running: stop it (the walk records it as client_gone).
        response.closeHandler(v -> {
            if (!done.ran() && !done.answered) {
                pending.cancel();
                done.run();
            }
        });
    }

    private void answer(RoutingContext ctx, DispatchResult r, Once done) {
        done.answered = true;
        HttpServerResponse response = ctx.response();
        if (r instanceof DispatchResult.Streaming s) {
            stream(ctx, s.stream(), mapper.toReply(r), done);
            return;
        }
        if (response.closed()) {
            done.run();
            return;
        }
        ChatMapper.Reply reply = mapper.toReply(r);
        send(response, reply.status(), reply.contentType(), reply.headers(), reply.body());
        done.run();
    }

    private void stream(RoutingContext ctx, LiveStream live, ChatMapper.Reply reply, Once done) {
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            live.clientGone();
            done.run();
            return;
        }
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", reply.contentType());
        reply.headers().forEach(response::putHeader);
        response.closeHandler(v -> {
            if (!done.ran()) {
                live.clientGone();
                done.run();
            }
        });
        long[] stall = {-1};
        response.drainHandler(v -> {
            ctx.vertx().cancelTimer(stall[0]);
            stall[0] = -1;
            live.resume();
        });
        live.start(new LiveStream.Downstream() {
            @Override
            public void chunk(ObjectNode chunk) {
                response.write(event(chunk));
                if (response.writeQueueFull() && stall[0] < 0) {
                    live.pause(); // the drain handler resumes it
                    // a client that stops reading would otherwise hold the provider's call open indefinitely
                    stall[0] = ctx.vertx().setTimer(stallMs, id -> {
                        if (done.ran() || response.ended() || response.closed()) {
                            return;
                        }
                        LOG.debugf("a streaming client took nothing for %d ms: its stream is cut", stallMs);
                        live.clientGone(); // cancels the provider call at once, recorded as client_gone
                        done.run();
                        if (ctx.request().version() == HttpVersion.HTTP_2) {
                            response.reset();
                        } else {
                            // closes once the bytes already queued are flushed or the peer goes: bounded memory
                            ctx.request().connection().close();
                        }
                    });
                }
            }

            @Override
            public void done() {
                response.end(DONE);
                done.run();
            }

            @Override
            public void cut(ObjectNode event) {
                response.end(event(event));
                done.run();
            }
        });
    }

    private Buffer event(ObjectNode node) {
        try {
            byte[] body = json.writeValueAsBytes(node);
            return Buffer.buffer(DATA.length + body.length + END.length).appendBytes(DATA).appendBytes(body)
                    .appendBytes(END);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An error before anything was sent: problem+json with its status and headers. */
    void problem(RoutingContext ctx, Throwable e) {
        if (ctx.response().closed() || ctx.response().ended()) {
            return;
        }
        Problems.Answer a = problems.of(e, ctx.request().path());
        send(ctx.response(), a.status(), Problem.MEDIA_TYPE, a.headers(), a.problem());
    }

    private void send(HttpServerResponse response, int status, String type, Map<String, String> headers, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(status).putHeader("Content-Type", type);
        headers.forEach(response::putHeader);
        response.end(Buffer.buffer(bytes));
    }

    /** Runs its action once (the admission slot is freed exactly once per request). */
    private static final class Once implements Runnable {
        private final Runnable action;
        private boolean ran;
        boolean answered;

        Once(Runnable action) {
            this.action = action;
        }

        @Override
        public void run() {
            if (!ran) {
                ran = true;
                action.run();
            }
        }

        boolean ran() {
            return ran;
        }
    }
}
