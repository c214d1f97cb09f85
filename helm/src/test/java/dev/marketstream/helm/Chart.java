package dev.marketstream.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The chart under test, its presets and the committed renders; every render uses one release name and namespace. */
final class Chart {

    /** Surefire runs in the module's folder, helm/. */
    static final Path DIR = Path.of("marketstream").toAbsolutePath();
    static final Path GOLDEN = DIR.resolve("tests/golden");
    static final Path BAD_VALUES = DIR.resolve("tests/bad-values");
    static final String RELEASE = "ms";
    static final String NAMESPACE = "marketstream";
    /** The Kubernetes version renders are made for: the chart's kubeVersion floor (preStop sleep needs 1.30). */
    static final String KUBE_VERSION = "v1.30.0";

    /**
     * Presets rendered and kept as golden files: "default" is values.yaml alone; dev and prod are the shipped
     * values-*.yaml; no-keda (tests/values-no-keda.yaml) covers the branches those leave out.
     */
    static final List<String> PRESETS = List.of("default", "dev", "prod", "no-keda");

    private Chart() {
    }

    static Helm helm() {
        return new Helm(DIR);
    }

    static TemplateCommand template() {
        return helm().template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
    }

    static String render(String preset) {
        TemplateCommand command = template();
        if (!"default".equals(preset)) {
            Path shipped = DIR.resolve("values-" + preset + ".yaml");
            command = command.withValuesFile(Files.exists(shipped) ? shipped : DIR.resolve("tests/values-" + preset + ".yaml"));
        }
        return command.call();
    }

    static Path golden(String preset) {
        return GOLDEN.resolve(preset + ".yaml");
    }
}
