package io.contextkit.quarkus.reactive;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;

/** An active-record entity, as in the Hibernate Reactive Panache guide. */
@Entity
@Cacheable(false)
public class Fruit extends PanacheEntity {

  @Column(length = 40, unique = true)
  public String name;

  public Fruit() {}

  public Fruit(String name) {
    this.name = name;
  }
}
