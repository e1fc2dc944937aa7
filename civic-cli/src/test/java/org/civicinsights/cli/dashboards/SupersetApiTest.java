package org.civicinsights.cli.dashboards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupersetApiTest {
    @Test
    void theBundleGoesInTheFormDataPartWithOverwrite() {
        byte[] zip = {0x50, 0x4b, 0x03, 0x04, 0, (byte) 0xff};
        byte[] body = SupersetApi.multipart("B", zip, "civic.zip", Map.of("overwrite", "true"));
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String head =
                "--B\r\nContent-Disposition: form-data; name=\"formData\"; filename=\"civic.zip\"\r\nContent-Type: application/zip\r\n\r\n";
        assertTrue(text.startsWith(head), text);
        // the file's bytes unchanged, right after the part's headers
        assertArrayEquals(zip, Arrays.copyOfRange(body, head.length(), head.length() + zip.length));
        assertTrue(
                text.endsWith("\r\n--B\r\nContent-Disposition: form-data; name=\"overwrite\"\r\n\r\ntrue\r\n--B--\r\n"),
                text);
    }

    @Test
    void errorMessagesAreReadFromEitherShape() {
        assertEquals("Access is Denied", SupersetApi.errorMessage("{\"message\":\"Access is Denied\"}"));
        assertEquals("a; b", SupersetApi.errorMessage("{\"errors\":[{\"message\":\"a\"},{\"message\":\"b\"}]}"));
        assertEquals(
                "{\"password\":[\"missing\"]}", SupersetApi.errorMessage("{\"message\":{\"password\":[\"missing\"]}}"));
        assertEquals("Bad Gateway", SupersetApi.errorMessage("  Bad Gateway \n"));
    }
}
