package io.sfstream.emulator;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.sfstream.emulator.internal.pubsub.proto.FetchRequest;
import io.sfstream.emulator.internal.pubsub.proto.FetchResponse;
import io.sfstream.emulator.internal.pubsub.proto.PubSubGrpc;
import io.sfstream.emulator.internal.pubsub.proto.ReplayPreset;
import io.sfstream.emulator.internal.pubsub.proto.SchemaRequest;
import io.sfstream.emulator.internal.pubsub.proto.TopicInfo;
import io.sfstream.emulator.internal.pubsub.proto.TopicRequest;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The emulator's Pub/Sub API seen through a raw gRPC stub: headers, GetTopic and
 * GetSchema, Avro payloads, the 100-event cap, keepalives, the idle rule, replay ids, and
 * errors with their {@code error-code} trailers.
 */
class PubSubEndpointIntegrationTests {

    static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER);

    static SalesforceEmulator emulator;

    static ManagedChannel channel;

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.builder()
            .platformEvent("Order__e", "OrderNumber__c")
            .pushTopic("AccountUpdates")
            .pubSubKeepalivePeriod(Duration.ofMillis(300))
            .pubSubIdleTimeout(Duration.ofMillis(800))
            .start();
        channel = InProcessChannelBuilder.forName(emulator.pubSubInProcessName()).build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        emulator.close();
    }

    private static Metadata headers(String token, String tenant) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("accesstoken", Metadata.ASCII_STRING_MARSHALLER), token);
        headers.put(Metadata.Key.of("instanceurl", Metadata.ASCII_STRING_MARSHALLER),
                emulator.myDomainUrl().toString());
        headers.put(Metadata.Key.of("tenantid", Metadata.ASCII_STRING_MARSHALLER), tenant);
        return headers;
    }

    private static PubSubGrpc.PubSubBlockingStub blocking() {
        return PubSubGrpc.newBlockingStub(channel)
            .withInterceptors(
                    MetadataUtils.newAttachHeadersInterceptor(headers(emulator.issueAccessToken(), emulator.orgId())));
    }

    private static Stream subscribe(FetchRequest first) {
        Stream stream = new Stream();
        stream.requests = PubSubGrpc.newStub(channel)
            .withInterceptors(
                    MetadataUtils.newAttachHeadersInterceptor(headers(emulator.issueAccessToken(), emulator.orgId())))
            .subscribe(stream);
        stream.requests.onNext(first);
        return stream;
    }

    @Test
    void callsWithoutTheOrgsHeadersAreUnauthenticated() {
        PubSubGrpc.PubSubBlockingStub wrongTenant = PubSubGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils
                .newAttachHeadersInterceptor(headers(emulator.issueAccessToken(), "00D000000000000AAA")));
        assertThatThrownBy(
                () -> wrongTenant.getTopic(TopicRequest.newBuilder().setTopicName("/event/Order__e").build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class, (ex) -> {
                assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(ex.getTrailers().get(ERROR_CODE))
                    .isEqualTo("sfdc.platform.eventbus.grpc.service.auth.error");
            });
    }

    @Test
    void topicsAndSchemasAreServedAndPayloadsArePlainAvroDatums() throws Exception {
        TopicInfo topic = blocking().getTopic(TopicRequest.newBuilder().setTopicName("/event/Order__e").build());
        assertThat(topic.getCanSubscribe()).isTrue();
        assertThat(topic.getTenantGuid()).isEqualTo(emulator.orgId());
        assertThatThrownBy(
                () -> blocking().getTopic(TopicRequest.newBuilder().setTopicName("/topic/AccountUpdates").build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                    (ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        PublishedEvent published = emulator.publish("/event/Order__e", Map.of("OrderNumber__c", "E-1"));
        Stream stream = subscribe(FetchRequest.newBuilder()
            .setTopicName("/event/Order__e")
            .setReplayPreset(ReplayPreset.EARLIEST)
            .setNumRequested(5)
            .build());
        FetchResponse response = stream.nextWithEvents();
        var event = response.getEvents(0);
        assertThat(event.getReplayId().toByteArray())
            .isEqualTo(ByteBuffer.allocate(8).putLong(published.replayId()).array());
        assertThat(event.getEvent().getId()).isEqualTo(published.eventUuid());
        String json = blocking()
            .getSchema(SchemaRequest.newBuilder().setSchemaId(event.getEvent().getSchemaId()).build())
            .getSchemaJson();
        Schema schema = new Schema.Parser().parse(json);
        assertThat(schema.getFullName()).isEqualTo("com.sforce.eventbus.Order__e");
        assertThat(schema.getField("CreatedDate").schema().getType()).isEqualTo(Schema.Type.LONG);
        GenericRecord record = new GenericDatumReader<GenericRecord>(schema).read(null,
                DecoderFactory.get().binaryDecoder(event.getEvent().getPayload().toByteArray(), null));
        assertThat(record.get("OrderNumber__c").toString()).isEqualTo("E-1");
        assertThat(record.get("CreatedDate")).isEqualTo(published.createdAt().toEpochMilli());
        stream.requests.onCompleted();
    }

    @Test
    void atMostOneHundredEventsAreOwedAndIdleStreamsAreClosed() throws Exception {
        emulator.declarePlatformEvent("Bulk__e");
        for (int i = 0; i < 130; i++) {
            emulator.publish("/event/Bulk__e", Map.of("N__c", i));
        }
        Stream stream = subscribe(FetchRequest.newBuilder()
            .setTopicName("/event/Bulk__e")
            .setReplayPreset(ReplayPreset.EARLIEST)
            .setNumRequested(150)
            .build());
        int received = 0;
        int lastPending = -1;
        while (received < 100) {
            FetchResponse response = stream.nextWithEvents();
            received += response.getEventsCount();
            lastPending = response.getPendingNumRequested();
        }
        assertThat(received).isEqualTo(100);
        assertThat(lastPending).isZero();
        // nothing owed: no more events, and the stream is closed after the idle timeout
        assertThat(stream.completed.await(3, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.events()).isZero();
    }

    @Test
    void anOwedStreamGetsKeepalivesWithTheLatestReplayId() throws Exception {
        emulator.declarePlatformEvent("Quiet__e");
        PublishedEvent last = emulator.publish("/event/Quiet__e", Map.of("N__c", 1));
        Stream stream = subscribe(FetchRequest.newBuilder()
            .setTopicName("/event/Quiet__e")
            .setReplayPreset(ReplayPreset.LATEST)
            .setNumRequested(10)
            .build());
        for (int i = 0; i < 3; i++) {
            FetchResponse keepalive = stream.responses.poll(5, TimeUnit.SECONDS);
            assertThat(keepalive).isNotNull();
            assertThat(keepalive.getEventsCount()).isZero();
            assertThat(keepalive.getPendingNumRequested()).isEqualTo(10);
            assertThat(keepalive.getLatestReplayId().asReadOnlyByteBuffer().getLong()).isEqualTo(last.replayId());
        }
        stream.requests.onCompleted();
    }

    @Test
    void replayIdsOutsideTheRetentionAndCorruptedIdsAreRejected() throws Exception {
        emulator.declarePlatformEvent("Old__e");
        PublishedEvent old = emulator.publish("/event/Old__e", Map.of("N__c", 1));
        emulator.clock().advance(Duration.ofHours(73));
        try {
            emulator.publish("/event/Old__e", Map.of("N__c", 2));
            Stream expired = subscribe(FetchRequest.newBuilder()
                .setTopicName("/event/Old__e")
                .setReplayPreset(ReplayPreset.CUSTOM)
                .setReplayId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(old.replayId()).array()))
                .setNumRequested(1)
                .build());
            assertThat(expired.errorCode())
                .isEqualTo("sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted");
            Stream noId = subscribe(FetchRequest.newBuilder()
                .setTopicName("/event/Old__e")
                .setReplayPreset(ReplayPreset.CUSTOM)
                .setNumRequested(1)
                .build());
            assertThat(noId.errorCode())
                .isEqualTo("sfdc.platform.eventbus.grpc.subscription.fetch.replayid.validation.failed");
            Stream missing = subscribe(
                    FetchRequest.newBuilder().setTopicName("/event/Nope__e").setNumRequested(1).build());
            assertThat(missing.errorCode()).isEqualTo("sfdc.platform.eventbus.grpc.topic.not.found");
        }
        finally {
            emulator.clock().advance(Duration.ofHours(-73));
        }
    }

    @Test
    void theRealPortServesTheSameService() {
        ManagedChannel netty = NettyChannelBuilder.forTarget(emulator.pubSubTarget()).usePlaintext().build();
        try {
            TopicInfo topic = PubSubGrpc.newBlockingStub(netty)
                .withInterceptors(MetadataUtils
                    .newAttachHeadersInterceptor(headers(emulator.issueAccessToken(), emulator.orgId())))
                .getTopic(TopicRequest.newBuilder().setTopicName("/event/Order__e").build());
            assertThat(topic.getTopicName()).isEqualTo("/event/Order__e");
        }
        finally {
            netty.shutdownNow();
        }
    }

    /** A subscribe call's responses. */
    static final class Stream implements StreamObserver<FetchResponse> {

        final BlockingQueue<FetchResponse> responses = new LinkedBlockingQueue<>();

        final java.util.concurrent.CountDownLatch completed = new java.util.concurrent.CountDownLatch(1);

        volatile Throwable error;

        StreamObserver<FetchRequest> requests;

        @Override
        public void onNext(FetchResponse value) {
            this.responses.add(value);
        }

        @Override
        public void onError(Throwable t) {
            this.error = t;
            this.completed.countDown();
        }

        @Override
        public void onCompleted() {
            this.completed.countDown();
        }

        FetchResponse nextWithEvents() throws InterruptedException {
            while (true) {
                FetchResponse response = this.responses.poll(5, TimeUnit.SECONDS);
                assertThat(response).as("a response with events").isNotNull();
                if (response.getEventsCount() > 0) {
                    return response;
                }
            }
        }

        int events() {
            return List.copyOf(this.responses).stream().mapToInt(FetchResponse::getEventsCount).sum();
        }

        String errorCode() throws InterruptedException {
            assertThat(this.completed.await(5, TimeUnit.SECONDS)).isTrue();
            return Status.trailersFromThrowable(this.error).get(ERROR_CODE);
        }

    }

}
