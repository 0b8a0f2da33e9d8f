package io.trustee.kbs.web.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.json.Json;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * The JSON of every response entity (records, lists, maps, Jackson trees), written with the
 * server's one Jackson configuration ({@link Json#mapper()}), which is also offered to other
 * providers as the {@code ContextResolver<ObjectMapper>}. Entities that already are bytes or text
 * ({@code String}, {@code byte[]}, streams) are left to the runtime's own writers, so a resource
 * that returns prepared JSON text sends it unchanged.
 */
@Provider
@Produces({MediaType.APPLICATION_JSON, "application/*+json"})
public class JacksonJson implements ContextResolver<ObjectMapper>, MessageBodyWriter<Object> {

  @Override
  public ObjectMapper getContext(Class<?> type) {
    return Json.mapper();
  }

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return isJson(mediaType)
        && !CharSequence.class.isAssignableFrom(type)
        && type != byte[].class
        && !InputStream.class.isAssignableFrom(type)
        && !Reader.class.isAssignableFrom(type)
        && !File.class.isAssignableFrom(type)
        && !StreamingOutput.class.isAssignableFrom(type);
  }

  @Override
  public void writeTo(
      Object entity,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> httpHeaders,
      OutputStream out)
      throws IOException, WebApplicationException {
    // Not writeValue(out, …): it would close the container's stream.
    out.write(Json.mapper().writeValueAsBytes(entity));
  }

  static boolean isJson(MediaType m) {
    return m != null
        && ("json".equalsIgnoreCase(m.getSubtype())
            || m.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("+json"));
  }
}
