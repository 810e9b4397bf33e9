package org.waymark;

import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Reads the whole of Redis, keys and values, for what must not be there (a patient's number or words). */
public final class RedisScan {
    private RedisScan() {
    }

    /** Every key whose name, or anything in whose value, contains any of {@code needles}. */
    public static List<String> mentions(UnifiedJedis redis, String... needles) {
        List<String> found = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().match("*").count(1000));
            for (String key : page.getResult()) {
                String content = switch (redis.type(key)) {
                    case "string" -> redis.get(key);
                    case "list" -> String.join("\n", redis.lrange(key, 0, -1));
                    case "hash" -> redis.hgetAll(key).toString();
                    case "set" -> redis.smembers(key).toString();
                    case "zset" -> redis.zrange(key, 0, -1).toString();
                    case "stream" -> redis.xrange(key, (StreamEntryID) null, (StreamEntryID) null).toString();
                    default -> "";
                };
                for (String n : needles) {
                    if (key.contains(n) || content != null && content.contains(n)) {
                        found.add(key);
                    }
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return found;
    }
}
