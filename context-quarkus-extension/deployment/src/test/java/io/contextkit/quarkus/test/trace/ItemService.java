package io.contextkit.quarkus.test.trace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

@ApplicationScoped
public class ItemService {

  @Inject EntityManager em;
  @Inject Event<ItemSaved> saved;
  @Inject ItemService self;

  @Transactional
  public void save(String name) {
    em.persist(new Item(name));
    saved.fire(new ItemSaved(name));
  }

  /** An outer transaction that saves one item itself and one in a REQUIRES_NEW transaction. */
  @Transactional
  public void saveWithInner(String name) {
    em.persist(new Item(name));
    self.saveInNew(name + "-inner");
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void saveInNew(String name) {
    em.persist(new Item(name));
  }

  /**
   * Renames a loaded item: the UPDATE runs only when the session is flushed (at commit for real),
   * so a unique violation surfaces there.
   */
  @Transactional
  public void rename(String from, String to) {
    Item item =
        em.createQuery("select i from Item i where i.name = :name", Item.class)
            .setParameter("name", from)
            .getSingleResult();
    item.name = to;
  }

  /** Joins the caller's transaction: only whoever began it decides. */
  @Transactional
  public void saveJoined(String name) {
    em.persist(new Item(name));
  }
}
