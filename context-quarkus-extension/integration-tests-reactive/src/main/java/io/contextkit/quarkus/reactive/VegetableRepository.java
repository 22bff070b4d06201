package io.contextkit.quarkus.reactive;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class VegetableRepository implements PanacheRepository<Vegetable> {}
