package io.ferrymq.remoting.protocol.admin;

import java.util.Set;
import java.util.TreeSet;

/** Body of QUERY_TOPIC_CONSUME_BY_WHO (300): the consumer groups of a topic. */
public class GroupList {
    private Set<String> groupList = new TreeSet<>();

    public GroupList() {
    }

    public GroupList(Set<String> groupList) {
        this.groupList = groupList;
    }

    public Set<String> getGroupList() {
        return groupList;
    }

    public void setGroupList(Set<String> groupList) {
        this.groupList = groupList;
    }
}
