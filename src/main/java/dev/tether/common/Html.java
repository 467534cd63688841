package dev.tether.common;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The few HTML pages Tether serves to people's browsers: escaped, uncached, and without referrers. */
public final class Html {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;"
            + "padding:0 1rem;color:#1f2328;line-height:1.5}h1{font-size:1.5rem}"
            + "button{display:block;width:100%;margin:.5rem 0;padding:.6rem;font-size:1rem;cursor:pointer}"
            + "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;"
            + "vertical-align:top;word-break:break-all}.error{color:#cf222e}.ok{color:#1a7f37}";

    private Html() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A complete page; {@code body} must already be escaped. */
    public static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body><main>"
                + body + "</main></body></html>";
    }

    public static Response response(int status, String title, String body) {
        return noStore(Response.status(status)).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page(title, body)).build();
    }

    /** Headers for every browser-facing answer that may carry one-time values. */
    public static Response.ResponseBuilder noStore(Response.ResponseBuilder builder) {
        return builder.header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff");
    }
}
