package io.polyloop.iocp;

/**
 * Path names for the wide Win32 file calls. The "Naming Files, Paths, and Namespaces" page: a name of more than
 * MAX_PATH (260) characters reaches CreateFileW only in the extended-length form {@code \\?\C:\...} or
 * {@code \\?\UNC\server\share\...}, and in that form Windows no longer normalizes the name (no "/" to "\", no
 * "." or ".." resolution), so the caller hands in an absolute, normalized name. Stateless.
 */
final class WinPaths {
    private static final String EXTENDED = "\\\\?\\";
    private static final String DEVICE = "\\\\.\\";

    private WinPaths() {
    }

    /**
     * @param absolute an absolute, normalized path name
     * @return the extended-length form of a drive or UNC name; a name already in a {@code \\?\} or {@code \\.\}
     *         namespace, or one that is neither (a POSIX name, as under test emulation), unchanged
     */
    static String extended(String absolute) {
        String name = absolute.replace('/', '\\');
        if (name.startsWith(EXTENDED) || name.startsWith(DEVICE)) {
            return name;
        }
        if (name.length() >= 3 && isDriveLetter(name.charAt(0)) && name.charAt(1) == ':' && name.charAt(2) == '\\') {
            return EXTENDED + name;
        }
        if (name.startsWith("\\\\")) {
            return EXTENDED + "UNC\\" + name.substring(2);
        }
        return absolute;
    }

    private static boolean isDriveLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
