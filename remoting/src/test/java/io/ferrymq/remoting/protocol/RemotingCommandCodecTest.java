package io.ferrymq.remoting.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.remoting.exception.RemotingCommandException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RemotingCommandCodecTest {

    /** Frame bytes as the wire carries them, length word included. */
    private static byte[] frame(RemotingCommand cmd) {
        ByteBuf prefix = RemotingCommandCodec.encodePrefixAndHeader(ByteBufAllocator.DEFAULT, cmd);
        try {
            byte[] head = ByteBufUtil.getBytes(prefix);
            byte[] body = cmd.getBody() == null ? new byte[0] : cmd.getBody();
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            return all;
        } finally {
            prefix.release();
        }
    }

    private static RemotingCommand decodeFrame(byte[] frame) {
        ByteBuf buf = Unpooled.wrappedBuffer(frame, 4, frame.length - 4);
        try {
            return RemotingCommandCodec.decode(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void binaryHeaderMatchesTheDocumentedExample() {
        RemotingCommand cmd = RemotingCommand.createRequest(34);
        cmd.setOpaque(1);
        cmd.setVersion(0);
        cmd.setSerializeType(SerializeType.ROCKETMQ);
        cmd.putExt("k", "v");
        String expected = "00000021" + "0100001d" + "0022" + "00" + "0000" + "00000001" + "00000000" + "00000000"
                + "00000008" + "0001" + "6b" + "00000001" + "76";
        assertEquals(expected, HexFormat.of().formatHex(frame(cmd)));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void roundTripKeepsEveryField(SerializeType type) {
        RemotingCommand cmd = RemotingCommand.createRequest(RequestCode.SEND_MESSAGE_V2);
        cmd.setSerializeType(type);
        cmd.setRemark("héllo \"quoted\"");
        cmd.putExt("a", "PG").putExt("i", "UNIQ_KEY\u0001ABC\u0002TAGS\u0001TagA").putExt("g", 1700000000000L);
        cmd.setBody("body".getBytes(StandardCharsets.UTF_8));
        cmd.markOneway();

        RemotingCommand back = decodeFrame(frame(cmd));
        assertEquals(type, back.getSerializeType());
        assertEquals(cmd.getCode(), back.getCode());
        assertEquals(cmd.getOpaque(), back.getOpaque());
        assertEquals(cmd.getFlag(), back.getFlag());
        assertTrue(back.isOneway());
        assertEquals(RemotingCommand.CURRENT_VERSION, back.getVersion());
        assertEquals(LanguageCode.JAVA, back.getLanguage());
        assertEquals(cmd.getRemark(), back.getRemark());
        assertEquals(cmd.getExtFields(), back.getExtFields());
        assertArrayEquals(cmd.getBody(), back.getBody());
    }

    @Test
    void jsonExtValuesThatAreNumbersBecomeText() {
        byte[] header = "{\"code\":105,\"extFields\":{\"topic\":\"T\",\"queueId\":3,\"flag\":true,\"x\":null},\"flag\":0,\"opaque\":9,\"unknown\":[1,{\"a\":2}]}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(4 + header.length);
        frame.putInt(header.length).put(header);
        RemotingCommand cmd = RemotingCommandCodec.decode(Unpooled.wrappedBuffer(frame.array()));
        assertEquals("3", cmd.ext("queueId"));
        assertEquals("true", cmd.ext("flag"));
        assertNull(cmd.ext("x"));
        assertEquals(3, cmd.requireExtInt("queueId"));
        assertEquals(0, cmd.getVersion(), "missing version defaults to 0");
        assertEquals(LanguageCode.JAVA, cmd.getLanguage(), "missing language defaults to JAVA");
    }

    @Test
    void missingMandatoryFieldUsesTheOfficialWording() {
        RemotingCommand cmd = RemotingCommand.createRequest(105);
        RemotingCommandException e = assertThrows(RemotingCommandException.class, () -> cmd.requireExt("topic"));
        assertEquals("the custom field <topic> is null", e.getMessage());
        cmd.putExt("queueId", "x1");
        assertThrows(RemotingCommandException.class, () -> cmd.requireExtInt("queueId"));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void officialClientDecodesOurFrames(SerializeType type) throws Exception {
        RemotingCommand cmd = RemotingCommand.createRequest(RequestCode.PULL_MESSAGE);
        cmd.setSerializeType(type);
        cmd.putExt("topic", "TopicTest").putExt("queueId", 2).putExt("i", "A\u0001B\u0002C\u0001D");
        cmd.setRemark("r");
        cmd.setBody(new byte[] {1, 2, 3});
        byte[] bytes = frame(cmd);

        org.apache.rocketmq.remoting.protocol.RemotingCommand official =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(ByteBuffer.wrap(bytes, 4, bytes.length - 4).slice());
        assertEquals(RequestCode.PULL_MESSAGE, official.getCode());
        assertEquals(cmd.getOpaque(), official.getOpaque());
        assertEquals("r", official.getRemark());
        assertEquals(cmd.getExtFields(), official.getExtFields());
        assertArrayEquals(new byte[] {1, 2, 3}, official.getBody());
        assertEquals(type.name(), official.getSerializeTypeCurrentRPC().name());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void weDecodeOfficialFrames(SerializeType type) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand official =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(17, "topic missing");
        official.setSerializeTypeCurrentRPC(org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(type.name()));
        official.addExtField("msgId", "7F00000100002A9F0000000000001234");
        official.addExtField("props", "K\u0001V\u0002K2\u0001V2");
        official.setOpaque(77);
        official.setBody("payload".getBytes(StandardCharsets.UTF_8));
        ByteBuffer encoded = official.encode();
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        RemotingCommand ours = decodeFrame(bytes);
        assertEquals(type, ours.getSerializeType());
        assertEquals(17, ours.getCode());
        assertEquals(77, ours.getOpaque());
        assertTrue(ours.isResponse());
        assertEquals("topic missing", ours.getRemark());
        assertEquals("7F00000100002A9F0000000000001234", ours.ext("msgId"));
        assertEquals("K\u0001V\u0002K2\u0001V2", ours.ext("props"));
        assertArrayEquals("payload".getBytes(StandardCharsets.UTF_8), ours.getBody());
    }

    @Test
    void responseUsesTheRequestsSerialization() {
        RemotingCommand request = RemotingCommand.createRequest(34).setSerializeType(SerializeType.ROCKETMQ);
        RemotingCommand response = RemotingCommand.createResponse(request, ResponseCode.SUCCESS, null);
        assertEquals(SerializeType.ROCKETMQ, response.getSerializeType());
        assertEquals(request.getOpaque(), response.getOpaque());
        assertTrue(response.isResponse());
    }

    @Test
    void lyingLengthsAreRejectedWithAClearError() {
        // header length larger than the frame
        ByteBuf tooLongHeader = Unpooled.buffer().writeInt(100).writeBytes(new byte[10]);
        assertThrows(RemotingCommandException.class, () -> RemotingCommandCodec.decode(tooLongHeader));
        // unknown serialize type
        ByteBuf badType = Unpooled.buffer().writeInt(0x07000000);
        assertThrows(RemotingCommandException.class, () -> RemotingCommandCodec.decode(badType));
        // binary header whose remark length lies
        ByteBuf badRemark = Unpooled.buffer();
        badRemark.writeInt(0x01000000 | 21).writeShort(34).writeByte(0).writeShort(0).writeInt(1).writeInt(0)
                .writeInt(9999).writeInt(0).writeInt(0);
        assertThrows(RemotingCommandException.class, () -> RemotingCommandCodec.decode(badRemark));
        // JSON that is not JSON
        byte[] junk = "{\"code\":1,\"extFields\":{\"a\":".getBytes(StandardCharsets.UTF_8);
        ByteBuf badJson = Unpooled.buffer().writeInt(junk.length).writeBytes(junk);
        assertThrows(RemotingCommandException.class, () -> RemotingCommandCodec.decode(badJson));
    }
}
