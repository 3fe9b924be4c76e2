package io.polyloop.scheduler.osgi;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.SettingDefinition;
import io.polyloop.api.SettingsException;
import io.polyloop.api.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The metatype that bnd generates from {@link RuntimeConfiguration} (what Karaf's {@code config:} commands and the web
 * console show) says what the parser does: the same names in the same order, types, defaults, descriptions, integer
 * ranges (checked by parsing each bound and one past it) and option values (each one parses; the strategies and
 * affinities offered are exactly those accepted).
 */
@Timeout(30)
class MetatypeCatalogTest {
    private static final String METATYPE = "OSGI-INF/metatype/" + RuntimeConfiguration.class.getName() + ".xml";

    @Test
    void metatypeMatchesTheCatalog() throws Exception {
        List<Element> ads = attributeDefinitions();
        assertEquals(RuntimeSettings.names(), ads.stream().map(a -> a.getAttribute("id")).collect(Collectors.toList()),
                "metatype attributes vs catalog, in order");
        for (int i = 0; i < ads.size(); i++) {
            Element ad = ads.get(i);
            SettingDefinition d = RuntimeSettings.definitions().get(i);
            String name = d.name();
            assertEquals(expectedType(d), ad.getAttribute("type"), name + ": type");
            assertEquals(String.valueOf(d.defaultValue()), ad.getAttribute("default"), name + ": default");
            assertEquals(d.description(), ad.getAttribute("description"), name + ": description");
            if (d.kind() == SettingDefinition.Kind.INTEGER) {
                checkRange(name, ad);
            }
            List<String> options = options(ad);
            for (String option : options) {
                RuntimeSettings.parse(Map.of(name, option)); // throws if the metatype offers what the parser refuses
            }
            if (name.equals(RuntimeSettings.STRATEGY)) {
                assertEquals(Arrays.stream(Strategy.values()).map(Strategy::configName).collect(Collectors.toList()),
                        options, "strategy options");
            } else if (d.kind() == SettingDefinition.Kind.STRING && !name.equals(RuntimeSettings.BACKEND)) {
                assertEquals(Arrays.asList(d.accepted().split(", ")), options, name + ": options");
            }
        }
    }

    /** min and max are accepted, one past either is refused: the metatype's range is the parser's. */
    private static void checkRange(String name, Element ad) {
        assertFalse(ad.getAttribute("min").isEmpty() || ad.getAttribute("max").isEmpty(), name + ": no range");
        long min = Long.parseLong(ad.getAttribute("min"));
        long max = Long.parseLong(ad.getAttribute("max"));
        for (long ok : new long[] {min, max}) {
            assertEquals((int) ok, RuntimeSettings.parse(Map.of(name, Long.toString(ok))).intValue(name), name);
        }
        for (long bad : new long[] {min - 1, max + 1}) {
            SettingsException e = assertThrows(SettingsException.class,
                    () -> RuntimeSettings.parse(Map.of(name, Long.toString(bad))), name + "=" + bad);
            assertFalse(e.getMessage().isEmpty());
        }
    }

    private static String expectedType(SettingDefinition d) {
        switch (d.kind()) {
            case INTEGER:
                return "Integer";
            case BOOLEAN:
                return "Boolean";
            default:
                return "String";
        }
    }

    private static List<String> options(Element ad) {
        List<String> values = new ArrayList<>();
        NodeList options = ad.getElementsByTagName("Option");
        for (int i = 0; i < options.getLength(); i++) {
            values.add(((Element) options.item(i)).getAttribute("value"));
        }
        return values;
    }

    private static List<Element> attributeDefinitions() throws Exception {
        try (InputStream in = RuntimeConfiguration.class.getClassLoader().getResourceAsStream(METATYPE)) {
            assertNotNull(in, METATYPE + " is not on the classpath: bnd did not generate it");
            NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("AD");
            List<Element> ads = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                ads.add((Element) nodes.item(i));
            }
            if (ads.isEmpty()) {
                fail("no AD in " + METATYPE);
            }
            return ads;
        }
    }
}
