// Runs a throw-away Neo4j Community for tests, straight from Maven Central jars
// (no Docker, no tarball): `java -cp <classpath> Launcher.java PORT WORK_DIR PLUGIN_DIR [--ignore-stdin]`.
// Started by scripts/neo4j; see there for the classpath and plugin set-up.
//
// It stops on SIGTERM, and also when stdin reaches EOF so that a parent that
// spawned it through a pipe (e.g. a pytest fixture) cannot leak it by dying.
// scripts/neo4j detaches it with stdin=/dev/null, hence --ignore-stdin.

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

public class Launcher {
    private static Neo4j neo4j;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path workDir = Path.of(args[1]).toAbsolutePath();
        Path pluginDir = Path.of(args[2]).toAbsolutePath();
        boolean watchStdin = !(args.length > 3 && args[3].equals("--ignore-stdin"));

        neo4j = Neo4jBuilders.newInProcessBuilder(workDir)
                // HTTP/HTTPS off: nothing uses them and fixed ports would collide
                // between instances running side by side.
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .withConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .withConfig(GraphDatabaseSettings.auth_enabled, false)
                .withConfig(GraphDatabaseSettings.plugin_dir, pluginDir)
                .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                // Tests run alongside on a small machine: keep the footprint modest.
                .withConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                // Default 5 s netty quiet period per event loop group makes stop take ~12 s.
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
        // Close on SIGTERM/SIGINT; JVM shutdown hooks run for both.
        Runtime.getRuntime().addShutdownHook(new Thread(Launcher::stop));

        try (Socket s = new Socket()) { // build() returns once Bolt is bound; be sure anyway
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        }
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();

        if (watchStdin) {
            while (System.in.read() != -1) { /* discard */ }
            System.exit(0); // runs the shutdown hook
        }
        Thread.currentThread().join(); // wait for SIGTERM
    }

    private static synchronized void stop() {
        if (neo4j != null) {
            neo4j.close();
            neo4j = null;
        }
    }
}
