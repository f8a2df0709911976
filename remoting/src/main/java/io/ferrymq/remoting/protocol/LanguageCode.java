package io.ferrymq.remoting.protocol;

/** The sender's language: JSON headers carry the name, binary headers the code. */
public enum LanguageCode {
    JAVA(0), CPP(1), DOTNET(2), PYTHON(3), DELPHI(4), ERLANG(5), RUBY(6), OTHER(7), HTTP(8), GO(9),
    PHP(10), OMS(11), RUST(12);

    private static final LanguageCode[] BY_CODE = values();
    private final byte code;

    LanguageCode(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** Unknown codes map to OTHER: a peer's language never makes a frame undecodable. */
    public static LanguageCode ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
    }

    /** Unknown or missing names map to JAVA, as the official decoder defaults. */
    public static LanguageCode ofName(String name) {
        if (name == null) {
            return JAVA;
        }
        for (LanguageCode language : BY_CODE) {
            if (language.name().equals(name)) {
                return language;
            }
        }
        return OTHER;
    }
}
