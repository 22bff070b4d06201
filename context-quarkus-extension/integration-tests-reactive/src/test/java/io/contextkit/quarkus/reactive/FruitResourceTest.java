package io.contextkit.quarkus.reactive;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * The application's own tests, as its author writes them (nothing about ContextKit): with the
 * extension present they pass as without it. Before the fix, every one of them failed with a
 * ClassCastException from the Hibernate integrator.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class FruitResourceTest {

  @Test
  void createsListsRenamesAndDeletesFruits() {
    long id =
        given()
            .contentType(ContentType.JSON)
            .body("{\"name\":\"Cherry\"}")
            .post("/fruits")
            .then()
            .statusCode(201)
            .body("name", is("Cherry"))
            .extract()
            .jsonPath()
            .getLong("id");

    given().get("/fruits").then().statusCode(200).body("name", hasItem("Cherry"));

    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"Morello\"}")
        .put("/fruits/" + id)
        .then()
        .statusCode(200)
        .body("name", is("Morello"));
    given().get("/fruits/" + id).then().statusCode(200).body("name", is("Morello"));

    given().delete("/fruits/" + id).then().statusCode(204);
    given().get("/fruits").then().statusCode(200).body("name", not(hasItem("Morello")));
    given().get("/fruits/" + id).then().statusCode(404);
  }

  @Test
  void createsAndRenamesVegetablesThroughTheRepository() {
    long id =
        given()
            .contentType(ContentType.JSON)
            .body("{\"name\":\"Leek\"}")
            .post("/vegetables")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"Fennel\"}")
        .put("/vegetables/" + id)
        .then()
        .statusCode(200)
        .body("name", is("Fennel"));
    given().get("/vegetables").then().statusCode(200).body("name", hasItem("Fennel"));
    given().delete("/vegetables/" + id).then().statusCode(204);
  }

  @Test
  void keepsNotesWithTheSqlClient() {
    given().post("/notes/with-transaction/own-1").then().statusCode(200).body(is("1"));
    given().post("/notes/begin-commit/own-2").then().statusCode(200).body(is("1"));
    given().post("/notes/autocommit/own-3").then().statusCode(200).body(is("1"));
    given().put("/notes/autocommit/own-3/own-4").then().statusCode(200).body(is("1"));
    given()
        .get("/notes")
        .then()
        .statusCode(200)
        .body("$", hasItem("own-1"))
        .body("$", hasItem("own-2"))
        .body("$", hasItem("own-4"));
  }
}
