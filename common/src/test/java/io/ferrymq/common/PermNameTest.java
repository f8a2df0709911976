package io.ferrymq.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Permission bits and version numbers against the official client. */
class PermNameTest {

    @Test
    void helpersAgreeWithTheOfficialOnes() {
        for (int perm = 0; perm < 16; perm++) {
            assertEquals(org.apache.rocketmq.common.constant.PermName.perm2String(perm), PermName.perm2String(perm));
            assertEquals(org.apache.rocketmq.common.constant.PermName.isReadable(perm), PermName.isReadable(perm));
            assertEquals(org.apache.rocketmq.common.constant.PermName.isWriteable(perm), PermName.isWriteable(perm));
            assertEquals(org.apache.rocketmq.common.constant.PermName.isInherited(perm), PermName.isInherited(perm));
            assertEquals((perm & 8) != 0, PermName.isPriority(perm));
        }
        assertEquals(6, PermName.PERM_READ_WRITE);
    }

    @Test
    void versionsAreTheOfficialOrdinals() {
        assertEquals(org.apache.rocketmq.common.MQVersion.Version.V4_9_8.ordinal(), MQVersion.V4_9_8);
        assertEquals(org.apache.rocketmq.common.MQVersion.Version.V5_0_0.ordinal(), MQVersion.V5_0_0);
        assertEquals(org.apache.rocketmq.common.MQVersion.Version.V5_3_1.ordinal(), MQVersion.V5_3_1);
        assertEquals(org.apache.rocketmq.common.MQVersion.CURRENT_VERSION, MQVersion.CURRENT);
        assertEquals(true, MQVersion.isAtLeast5(MQVersion.V5_3_1));
        assertEquals(false, MQVersion.isAtLeast5(MQVersion.V4_9_8));
    }
}
