package ser.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RavdessIndexTest {

    @TempDir
    Path dir;

    @Test
    void parsesEveryField() {
        RavdessFile f = RavdessFile.parse(Path.of("Actor_12/03-01-06-01-02-01-12.wav"));
        assertEquals(3, f.modality());
        assertEquals(1, f.vocalChannel());
        assertEquals(Emotion.FEARFUL, f.emotion());
        assertEquals(1, f.intensity());
        assertEquals(2, f.statement());
        assertEquals(1, f.repetition());
        assertEquals(12, f.actor());
        assertEquals("female", f.gender());
    }

    @Test
    void rejectsOutOfRangeFieldsWithTheFieldName() {
        assertMessage("03-01-09-01-01-01-01.wav", "emotion 09");
        assertMessage("03-03-01-01-01-01-01.wav", "vocal channel 03");
        assertMessage("03-01-01-02-01-01-01.wav", "neutral");
        assertMessage("03-01-02-01-01-01-25.wav", "actor 25");
        assertMessage("03-01-02-01-01-01.wav", "MM-VV-EE-II-SS-RR-AA");
    }

    private static void assertMessage(String name, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RavdessFile.parse(Path.of(name)));
        assertTrue(e.getMessage().contains(part) && e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void walksActorFoldersAndFlatFoldersSkippingBadNamesWithOneWarning() throws IOException {
        touch("Actor_01/03-01-03-01-01-01-01.wav");
        touch("Actor_01/03-01-04-02-01-01-01.wav");
        touch("Actor_02/03-01-05-01-01-01-02.wav");
        touch("Actor_02/03-01-05-01-01-01-04.wav");    // actor field disagrees with its folder
        touch("flat/02-01-08-02-02-02-24.WAV");
        touch("flat/recording.wav");
        touch("flat/notes.txt");                       // not a .wav: ignored, not counted
        List<String> warnings = new ArrayList<>();
        RavdessIndex index = RavdessIndex.scan(dir, warnings::add);
        assertEquals(4, index.files().size());
        assertEquals(2, index.skipped());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("skipped 2"), warnings.get(0));
        assertEquals(List.of(1, 1, 2, 24), index.files().stream().map(RavdessFile::actor).toList());
    }

    @Test
    void missingFolderIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RavdessIndex.scan(dir.resolve("nope"), s -> { }));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void labelSetsFollowTheNotebook() {
        LabelSet two = LabelSet.of(2, Gender.MALE);
        assertEquals(List.of("male_negative", "male_positive"), two.names());
        assertEquals(1, two.index(RavdessFile.parse(Path.of("03-01-02-01-01-01-01.wav"))));   // calm -> positive
        assertEquals(0, two.index(RavdessFile.parse(Path.of("03-01-06-01-01-01-01.wav"))));   // fearful -> negative
        assertEquals(-1, two.index(RavdessFile.parse(Path.of("03-01-01-01-01-01-01.wav"))));  // neutral dropped
        assertEquals(-1, two.index(RavdessFile.parse(Path.of("03-01-03-01-01-01-02.wav"))));  // female dropped
        LabelSet three = LabelSet.of(3, Gender.BOTH);
        assertEquals(List.of("female_negative", "female_neutral", "female_positive", "male_negative", "male_neutral",
                "male_positive"), three.names());
        assertEquals("female_neutral", three.label(RavdessFile.parse(Path.of("03-01-02-01-01-01-02.wav"))).orElseThrow());
        assertEquals(5, LabelSet.of(5, Gender.FEMALE).classes());
        assertEquals(16, LabelSet.of(8, Gender.BOTH).classes());
        assertThrows(IllegalArgumentException.class, () -> LabelSet.of(4, Gender.MALE));
    }

    @Test
    void actorHoldoutNamesMissingActors() {
        List<RavdessFile> files = List.of(RavdessFile.parse(Path.of("03-01-02-01-01-01-01.wav")),
                RavdessFile.parse(Path.of("03-01-02-01-01-01-03.wav")));
        ActorHoldout h = ActorHoldout.split(files, Set.of(3));
        assertEquals(1, h.rest().size());
        assertEquals(3, h.test().get(0).actor());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActorHoldout.split(files, Set.of(21, 3)));
        assertTrue(e.getMessage().contains("[21]"), e.getMessage());
    }

    private void touch(String rel) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[]{1});
    }
}
