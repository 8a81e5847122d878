package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options several commands take are declared once (picocli mixins), so their help text, label, default and
 * type are the same in every command: a command that declares one of them itself again fails here.
 */
class SharedOptionsTest {

    static final Map<String, Class<?>> SHARED = Map.of(
            "--data", DataOption.class, "--features", FeaturesOption.class, "--backend", BackendOption.class,
            "--cache", CacheOption.class, "--on-error", OnErrorOption.class, "--model", ModelOption.class);

    @Test
    void everySharedOptionComesFromItsMixinWithOneHelpText() {
        CommandLine main = new CommandLine(new Main());
        Map<String, List<String>> usedBy = new LinkedHashMap<>();
        for (Map.Entry<String, CommandLine> sub : main.getSubcommands().entrySet()) {
            for (OptionSpec o : sub.getValue().getCommandSpec().options()) {
                String name = o.longestName();
                if (!SHARED.containsKey(name)) {
                    continue;
                }
                usedBy.computeIfAbsent(name, k -> new ArrayList<>()).add(sub.getKey());
                Class<?> mixin = SHARED.get(name);
                assertTrue(o.userObject() instanceof java.lang.reflect.Field f && f.getDeclaringClass() == mixin,
                        sub.getKey() + " declares " + name + " itself instead of through " + mixin.getSimpleName());
                OptionSpec declared = CommandLine.Model.CommandSpec.forAnnotatedObject(newInstance(mixin)).findOption(name);
                assertEquals(List.of(declared.description()), List.of(o.description()), sub.getKey() + " " + name);
                assertEquals(declared.defaultValue(), o.defaultValue(), sub.getKey() + " " + name);
                assertEquals(declared.paramLabel(), o.paramLabel(), sub.getKey() + " " + name);
                assertEquals(declared.required(), o.required(), sub.getKey() + " " + name);
            }
        }
        System.out.println("  shared options: " + usedBy);
        for (String name : Set.of("--data", "--features", "--backend", "--cache", "--on-error", "--model")) {
            assertTrue(usedBy.getOrDefault(name, List.of()).size() >= 2, name + " is used by " + usedBy.get(name));
        }
    }

    @Test
    void onErrorAcceptsStopAndSkipInAnyCaseAndNamesTheOptionOtherwise() {
        OnErrorOption o = new OnErrorOption();
        o.value = "SKIP";
        assertEquals(ser.data.Extraction.OnError.SKIP, o.policy());
        o.value = "stop";
        assertEquals(ser.data.Extraction.OnError.STOP, o.policy());
        o.value = "retry";
        UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class, o::policy);
        assertEquals("--on-error must be skip or stop, got 'retry'", e.getMessage());
    }

    private static Object newInstance(Class<?> c) {
        try {
            var k = c.getDeclaredConstructor();
            k.setAccessible(true);
            return k.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
