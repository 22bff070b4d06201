package io.contextkit.quarkus.channels;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** The connection factory the SmallRye JMS connector uses: the embedded broker, over CORE. */
@ApplicationScoped
public class ConnectionFactoryProducer {

  @Produces
  @ApplicationScoped
  ConnectionFactory connectionFactory() {
    return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + Broker.port());
  }
}
