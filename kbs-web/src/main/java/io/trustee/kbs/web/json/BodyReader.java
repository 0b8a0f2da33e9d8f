package io.trustee.kbs.web.json;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;

/**
 * A reader of one protocol request type: the whole body (any content type, as upstream ignores it;
 * its size is already bounded by {@code BodySizeLimitFilter}) handed to the domain's parse method,
 * which throws the protocol's {@code KbsException} for a malformed body.
 */
abstract class BodyReader<T> implements MessageBodyReader<T> {
  private final Class<T> type;
  private final Function<byte[], T> parse;

  BodyReader(Class<T> type, Function<byte[], T> parse) {
    this.type = type;
    this.parse = parse;
  }

  @Override
  public boolean isReadable(
      Class<?> t, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return t == type;
  }

  @Override
  public T readFrom(
      Class<T> t,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> httpHeaders,
      InputStream entityStream)
      throws IOException, WebApplicationException {
    return parse.apply(entityStream.readAllBytes());
  }
}
