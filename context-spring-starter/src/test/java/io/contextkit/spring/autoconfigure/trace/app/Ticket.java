package io.contextkit.spring.autoconfigure.trace.app;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A ticket with a SEQUENCE id (inserted at flush time) and a unique code. */
@Entity
@Table(name = "ticket")
public class Ticket {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_seq")
  @SequenceGenerator(name = "ticket_seq", sequenceName = "ticket_seq", allocationSize = 1)
  Long id;

  @Column(nullable = false, unique = true)
  String code;

  protected Ticket() {}

  Ticket(String code) {
    this.code = code;
  }
}
