package alknet.security;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Ways to write an address that reaches this host: any 127.0.0.0/8 address, {@code 0.0.0.0}, {@code ::1} and
 * {@code ::}, also as IPv4-mapped and IPv4-compatible IPv6, in the spellings C resolvers accept (inet_aton: one to
 * four parts, each decimal, octal or hex, with leading zeros; IPv6: full or compressed, leading zeros, any case,
 * dotted tail, brackets). A policy that denies 127.0.0.0/8 and ::1 must let none of them through.
 */
final class LoopbackSpellings {
    /** One spelling and the address it means (4 or 16 bytes); {@code ipv6} when it is IPv6 text. */
    record Spelling(String text, byte[] meant, boolean ipv6) {
        /** The text as a tool takes it in {@code host:port} (IPv6 in brackets, once). */
        String bracketed() {
            return ipv6 && !text.startsWith("[") ? "[" + text + "]" : text;
        }

        /** The text without brackets (what ssh sends for {@code [..]} in -W and -L). */
        String bare() {
            return text.startsWith("[") ? text.substring(1, text.length() - 1) : text;
        }

        InetAddress meantAddress() {
            try {
                return InetAddress.getByAddress(meant);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private LoopbackSpellings() {}

    /** Any spelling of any loopback or unspecified address; {@code bracketsAllowed} adds {@code [..]} forms. */
    static Arbitrary<Spelling> any(boolean bracketsAllowed) {
        return Arbitraries.oneOf(ipv4(), ipv6(bracketsAllowed));
    }

    /** IPv4: an address in 127.0.0.0/8 (often 127.0.0.1) or 0.0.0.0, in inet_aton forms. */
    static Arbitrary<Spelling> ipv4() {
        Arbitrary<Long> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(0x7F00_0001L)),
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(0x7F00_0000L, 0x7FFF_FFFFL)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0L)));
        return Combinators.combine(value, Arbitraries.longs()).as((v, seed) -> {
            byte[] bytes = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) (long) v};
            return new Spelling(inetAton(v, new Random(seed)), bytes, false);
        });
    }

    /** IPv6: ::1, ::, or an IPv4 loopback/unspecified address mapped (::ffff:a.b.c.d) or compatible (::a.b.c.d). */
    static Arbitrary<Spelling> ipv6(boolean bracketsAllowed) {
        Arbitrary<byte[]> address = Arbitraries.oneOf(
                Arbitraries.just(v6(0, 1)),
                Arbitraries.just(v6(0, 0)),
                Arbitraries.longs().between(0x7F00_0000L, 0x7FFF_FFFFL).map(v -> v6(0xFFFF, v)),
                Arbitraries.just(v6(0xFFFF, 0x7F00_0001L)),
                Arbitraries.just(v6(0xFFFF, 0)),
                Arbitraries.longs().between(0x7F00_0000L, 0x7FFF_FFFFL).map(v -> v6(0, v)));
        return Combinators.combine(address, Arbitraries.longs(), Arbitraries.of(true, false)).as((bytes, seed, b) -> {
            String text = ipv6Text(bytes, new Random(seed));
            return new Spelling(b && bracketsAllowed ? "[" + text + "]" : text, bytes, true);
        });
    }

    /** The named rows: the classic bypass spellings, written out. */
    static List<Spelling> named() {
        List<Spelling> rows = new ArrayList<>();
        byte[] lo = {127, 0, 0, 1};
        for (String text : List.of("127.0.0.1", "127.1", "127.0.1", "0177.0.0.1", "0177.0.0.01", "0x7f.0.0.1",
                "0x7F.0x0.0x0.0x1", "0x7f000001", "0X7F000001", "0x00007f000001", "2130706433", "017700000001",
                "127.000.000.001", "0x7f.1", "0177.1", "127.0.0x0.1")) {
            rows.add(new Spelling(text, lo, false));
        }
        rows.add(new Spelling("127.127.127.127", new byte[] {127, 127, 127, 127}, false));
        rows.add(new Spelling("127.255.255.254", new byte[] {127, (byte) 255, (byte) 255, (byte) 254}, false));
        rows.add(new Spelling("0.0.0.0", new byte[4], false));
        rows.add(new Spelling("0", new byte[4], false));
        rows.add(new Spelling("0x0", new byte[4], false));
        byte[] v6lo = v6(0, 1);
        for (String text : List.of("::1", "0:0:0:0:0:0:0:1", "0000:0000:0000:0000:0000:0000:0000:0001", "::0001",
                "0::1", "::0:1", "0:0::0:1")) {
            rows.add(new Spelling(text, v6lo, true));
        }
        rows.add(new Spelling("::", v6(0, 0), true));
        rows.add(new Spelling("0:0:0:0:0:0:0:0", v6(0, 0), true));
        byte[] mapped = v6(0xFFFF, 0x7F00_0001L);
        for (String text : List.of("::ffff:127.0.0.1", "::FFFF:127.0.0.1", "::ffff:7f00:1", "::FFFF:7F00:0001",
                "0:0:0:0:0:ffff:127.0.0.1", "0:0:0:0:0:ffff:7f00:1", "0000:0000:0000:0000:0000:ffff:7f00:0001",
                "::0:ffff:7f00:1")) {
            rows.add(new Spelling(text, mapped, true));
        }
        rows.add(new Spelling("::ffff:0.0.0.0", v6(0xFFFF, 0), true));
        rows.add(new Spelling("::ffff:0:0", v6(0xFFFF, 0), true));
        byte[] compatible = v6(0, 0x7F00_0001L);
        for (String text : List.of("::127.0.0.1", "::7f00:1", "0:0:0:0:0:0:127.0.0.1", "::7F00:0001")) {
            rows.add(new Spelling(text, compatible, true));
        }
        return rows;
    }

    /** The IPv6 address ::{@code mark16}:{@code v4} ({@code mark16} 0xffff for mapped, 0 for compatible). */
    private static byte[] v6(int mark16, long v4) {
        byte[] b = new byte[16];
        b[10] = (byte) (mark16 >>> 8);
        b[11] = (byte) mark16;
        b[12] = (byte) (v4 >>> 24);
        b[13] = (byte) (v4 >>> 16);
        b[14] = (byte) (v4 >>> 8);
        b[15] = (byte) v4;
        return b;
    }

    /** inet_aton text for a 32-bit value: 1-4 parts (the last one takes the remaining bytes), each in base 8, 10 or 16. */
    static String inetAton(long v, Random r) {
        int parts = 1 + r.nextInt(4);
        long[] values = switch (parts) {
            case 1 -> new long[] {v};
            case 2 -> new long[] {v >>> 24, v & 0xFF_FFFFL};
            case 3 -> new long[] {v >>> 24, (v >>> 16) & 0xFF, v & 0xFFFFL};
            default -> new long[] {v >>> 24, (v >>> 16) & 0xFF, (v >>> 8) & 0xFF, v & 0xFF};
        };
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append('.');
            }
            text.append(number(values[i], r));
        }
        return text.toString();
    }

    private static String number(long value, Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> Long.toString(value); // decimal: no leading zero (that would make it octal)
            case 1 -> "0" + "0".repeat(r.nextInt(3)) + (value == 0 ? "" : Long.toOctalString(value));
            default -> (r.nextBoolean() ? "0x" : "0X") + "0".repeat(r.nextInt(3)) + randomCase(Long.toHexString(value), r);
        };
    }

    /** IPv6 text: full or with one run of zero groups compressed, leading zeros, any case, maybe a dotted tail. */
    static String ipv6Text(byte[] b, Random r) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        boolean dottedTail = r.nextInt(3) == 0;
        int hexGroups = dottedTail ? 6 : 8;
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < hexGroups; i++) {
            String hex = Integer.toHexString(groups[i]);
            texts.add(randomCase("0".repeat(r.nextInt(5 - hex.length())) + hex, r));
        }
        if (dottedTail) {
            texts.add((b[12] & 0xFF) + "." + (b[13] & 0xFF) + "." + (b[14] & 0xFF) + "." + (b[15] & 0xFF));
        }
        // Compress one run of zero hex groups (any run, as RFC 4291 allows), or none.
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < hexGroups; i++) {
            if (groups[i] == 0) {
                int j = i;
                while (j < hexGroups && groups[j] == 0) {
                    j++;
                }
                for (int start = i; start < j; start++) {
                    for (int end = start + 1; end <= j; end++) {
                        runs.add(new int[] {start, end});
                    }
                }
                i = j;
            }
        }
        if (runs.isEmpty() || r.nextInt(4) == 0) {
            return String.join(":", texts);
        }
        int[] run = runs.get(r.nextInt(runs.size()));
        return String.join(":", texts.subList(0, run[0])) + "::" + String.join(":", texts.subList(run[1], texts.size()));
    }

    private static String randomCase(String hex, Random r) {
        StringBuilder s = new StringBuilder();
        for (char c : hex.toCharArray()) {
            s.append(r.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return r.nextInt(4) == 0 ? s.toString().toLowerCase(Locale.ROOT) : s.toString();
    }
}
