package io.polyloop.example.redis.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an inline command line into words like Redis's {@code sdssplitargs}: separated by spaces or tabs; a word in
 * double quotes may hold spaces and the escapes {@code \" \\ \n \r \t \xHH}; in single quotes only {@code \'}.
 */
final class InlineCommand {
    private InlineCommand() {
    }

    static List<byte[]> split(byte[] line, int length) throws RespProtocolException {
        List<byte[]> words = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < length && (line[i] == ' ' || line[i] == '\t')) {
                i++;
            }
            if (i == length) {
                return words;
            }
            if (line[i] == '"' || line[i] == '\'') {
                i = quoted(line, length, i, words);
            } else {
                int start = i;
                while (i < length && line[i] != ' ' && line[i] != '\t') {
                    i++;
                }
                words.add(Arrays.copyOfRange(line, start, i));
            }
        }
    }

    private static int quoted(byte[] line, int length, int i, List<byte[]> words) throws RespProtocolException {
        byte quote = line[i++];
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        while (i < length) {
            byte b = line[i++];
            if (b == quote) {
                if (i < length && line[i] != ' ' && line[i] != '\t') {
                    throw new RespProtocolException("unbalanced quotes in inline command: a closing quote must be"
                            + " followed by a space");
                }
                words.add(word.toByteArray());
                return i;
            }
            if (b == '\\' && i < length) {
                byte e = line[i++];
                if (quote == '\'') {
                    if (e != '\'') {
                        word.write('\\');
                    }
                    word.write(e);
                } else if (e == 'x' && i + 1 < length && hex(line[i]) >= 0 && hex(line[i + 1]) >= 0) {
                    word.write(hex(line[i]) * 16 + hex(line[i + 1]));
                    i += 2;
                } else {
                    word.write(e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e == 'b' ? '\b' : e == 'a' ? 7 : e);
                }
            } else {
                word.write(b);
            }
        }
        throw new RespProtocolException("unbalanced quotes in inline command");
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
