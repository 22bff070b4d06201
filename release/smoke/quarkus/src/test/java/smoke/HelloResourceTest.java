package smoke;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HelloResourceTest {

  @Test
  void answersARequestWithTheRequestIdOfItsContext() {
    Response first = given().get("/hello");
    Response second = given().get("/hello");

    first.then().statusCode(200).header("X-Request-Id", not(emptyOrNullString()));
    assertEquals(first.header("X-Request-Id"), first.body().asString());
    assertEquals(second.header("X-Request-Id"), second.body().asString());
    assertNotEquals(first.body().asString(), second.body().asString());
  }
}
