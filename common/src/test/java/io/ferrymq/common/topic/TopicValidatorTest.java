package io.ferrymq.common.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.rocketmq.common.MixAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = {"TopicTest", "a", "%RETRY%group_1", "a-b_c|d%e", "TBW102", "0123456789"})
    void validTopics(String topic) {
        assertSame(NameCheck.OK, TopicValidator.validateTopic(topic));
        assertFalse(org.apache.rocketmq.common.topic.TopicValidator.isTopicOrGroupIllegal(topic));
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space", "dot.ted", "slash/", "tab\t", "ünï", "star*", "comma,", "\u0001"})
    void illegalCharactersAreNamed(String topic) {
        NameCheck check = TopicValidator.validateTopic(topic);
        assertFalse(check.valid());
        assertTrue(check.reason().contains("only a-z A-Z 0-9 % - _ | are allowed"), check.reason());
        assertTrue(org.apache.rocketmq.common.topic.TopicValidator.isTopicOrGroupIllegal(topic));
    }

    @Test
    void lengthLimits() {
        assertTrue(TopicValidator.validateTopic("t".repeat(127)).valid());
        NameCheck tooLong = TopicValidator.validateTopic("t".repeat(128));
        assertFalse(tooLong.valid());
        assertEquals("the topic name is 128 characters long; at most 127 are allowed", tooLong.reason());
        assertTrue(TopicValidator.validateGroup("g".repeat(255)).valid());
        assertFalse(TopicValidator.validateGroup("g".repeat(256)).valid());
        assertEquals("the topic name is empty", TopicValidator.validateTopic("").reason());
        assertEquals("the group name is empty", TopicValidator.validateGroup(null).reason());
        assertTrue(TopicValidator.validateGroup("bad group").reason().contains("' ' (U+0020) at index 3"));
    }

    @Test
    void systemTopicsMatchTheOfficialSets() {
        assertEquals(org.apache.rocketmq.common.topic.TopicValidator.getSystemTopicSet(), SystemTopics.SYSTEM_TOPICS);
        assertEquals(org.apache.rocketmq.common.topic.TopicValidator.getNotAllowedSendTopicSet(),
                SystemTopics.NOT_ALLOWED_SEND_TOPICS);
        for (String topic : new String[] {"TBW102", "RMQ_SYS_TRANS_HALF_TOPIC", "rmq_sys_anything", "TopicTest",
                "%RETRY%g", "SCHEDULE_TOPIC_XXXX"}) {
            assertEquals(org.apache.rocketmq.common.topic.TopicValidator.isSystemTopic(topic),
                    TopicValidator.isSystemTopic(topic), topic);
            assertEquals(org.apache.rocketmq.common.topic.TopicValidator.isNotAllowedSendTopic(topic),
                    TopicValidator.isNotAllowedSendTopic(topic), topic);
        }
        assertFalse(TopicValidator.isSystemTopic(null));
    }

    @Test
    void retryDlqAndReplyNames() {
        assertEquals(MixAll.getRetryTopic("CG"), SystemTopics.retryTopic("CG"));
        assertEquals(MixAll.getDLQTopic("CG"), SystemTopics.dlqTopic("CG"));
        assertEquals(MixAll.getReplyTopic("DefaultCluster"), SystemTopics.replyTopic("DefaultCluster"));
        assertTrue(SystemTopics.isRetryTopic("%RETRY%CG"));
        assertFalse(SystemTopics.isRetryTopic("%DLQ%CG"));
        assertTrue(SystemTopics.isDlqTopic("%DLQ%CG"));
        assertEquals("CG", SystemTopics.groupOf("%RETRY%CG"));
        assertEquals("CG", SystemTopics.groupOf("%DLQ%CG"));
        assertNull(SystemTopics.groupOf("CG"));
    }

    @Test
    void groupConstantsMatchTheOfficialNames() {
        assertEquals(MixAll.CID_SYS_RMQ_TRANS, SystemGroups.CID_RMQ_SYS_TRANS);
        assertEquals(MixAll.CLIENT_INNER_PRODUCER_GROUP, SystemGroups.CLIENT_INNER_PRODUCER);
        assertEquals(MixAll.DEFAULT_PRODUCER_GROUP, SystemGroups.DEFAULT_PRODUCER);
        assertEquals(MixAll.DEFAULT_CONSUMER_GROUP, SystemGroups.DEFAULT_CONSUMER);
        assertEquals(MixAll.isSysConsumerGroup("CID_RMQ_SYS_TRANS"),
                SystemGroups.isSystemConsumerGroup("CID_RMQ_SYS_TRANS"));
        assertFalse(SystemGroups.isSystemConsumerGroup("CG"));
    }
}
