package io.ferrymq.example.analytics;

/** What the web front-end reports about a user: a search ({@code detail} = the query) or a click (the product). */
public record UserEvent(String userId, String kind, String detail) {
    public static final String SEARCH = "search";
    public static final String CLICK = "click";
}
