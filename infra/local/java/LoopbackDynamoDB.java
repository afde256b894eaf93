import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local bound to one address. Its command line has no bind option and its embedded
 * Jetty listens on every interface; this builds the server exactly as the jar's own main does,
 * then sets the host of its connectors before starting it. Telemetry is never configured here.
 * The host comes from -Dcarnet.host (default 127.0.0.1).
 */
public final class LoopbackDynamoDB {
  public static void main(String[] args) throws Exception {
    String host = System.getProperty("carnet.host", "127.0.0.1");
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost(host);
    }
    proxy.start();
  }
}
