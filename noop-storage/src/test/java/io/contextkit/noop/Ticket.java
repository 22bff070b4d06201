package io.contextkit.noop;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entity with an IDENTITY id: Hibernate inserts it at persist(), not at flush. */
@Entity
@Table(name = "ticket")
public class Ticket {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String title;

  protected Ticket() {}

  Ticket(String title) {
    this.title = title;
  }

  Long id() {
    return id;
  }
}
