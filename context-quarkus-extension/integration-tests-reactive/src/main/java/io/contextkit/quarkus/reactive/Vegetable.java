package io.contextkit.quarkus.reactive;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** An entity used through a Panache repository. */
@Entity
public class Vegetable {

  @Id @GeneratedValue public Long id;

  @Column(length = 40, unique = true)
  public String name;

  public Vegetable() {}

  public Vegetable(String name) {
    this.name = name;
  }
}
