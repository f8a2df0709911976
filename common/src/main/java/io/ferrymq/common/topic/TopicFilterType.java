package io.ferrymq.common.topic;

/** Whether a topic's messages carry one tag or several (sets sysFlag MULTI_TAGS on store). */
public enum TopicFilterType {
    SINGLE_TAG,
    MULTI_TAG
}
