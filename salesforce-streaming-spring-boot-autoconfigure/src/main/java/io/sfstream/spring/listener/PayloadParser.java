package io.sfstream.spring.listener;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.Base64Variant;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.Version;
import tools.jackson.core.base.ParserMinimalBase;
import tools.jackson.core.util.ByteArrayBuilder;

/**
 * Reads a payload made of JSON-like Java values (maps with string keys, lists, strings,
 * numbers, booleans and {@code null}) as a token stream, so that Jackson binds it to a
 * POJO or record directly, instead of serializing it into a buffer first and parsing that
 * ({@code ObjectMapper.convertValue}). Skipping a nested object or array is free. A value
 * of any other type throws {@link UnsupportedValueException}, so the caller can fall back
 * to {@code convertValue}. Not thread-safe; one parser per conversion.
 */
final class PayloadParser extends ParserMinimalBase {

    private Cursor cursor;

    /** The scalar value of the current token, or the container of a start token. */
    private @Nullable Object value;

    /**
     * Creates a parser positioned before the payload's first token.
     * @param payload the root value: usually a map
     */
    PayloadParser(@Nullable Object payload) {
        super(ObjectReadContext.empty());
        this.cursor = new RootCursor(payload);
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public @Nullable JsonToken nextToken() {
        if (this._closed) {
            this._currToken = null;
            return null;
        }
        JsonToken token = this.cursor.next(this);
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
            this.value = null;
            this.cursor = this.cursor.parent();
        }
        else if (token == JsonToken.START_OBJECT) {
            this.cursor = new ObjectCursor(this.cursor, (Map<?, ?>) this.value);
        }
        else if (token == JsonToken.START_ARRAY) {
            this.cursor = new ArrayCursor(this.cursor, (List<?>) this.value);
        }
        this._currToken = token;
        if (token != null) {
            this._tokenCount++;
        }
        return token;
    }

    /** Called by the cursors: remembers a value and returns its token. */
    JsonToken valueToken(@Nullable Object item) {
        this.value = item;
        if (item == null) {
            return JsonToken.VALUE_NULL;
        }
        if (item instanceof String) {
            return JsonToken.VALUE_STRING;
        }
        if (item instanceof Integer || item instanceof Long || item instanceof BigInteger || item instanceof Short
                || item instanceof Byte) {
            return JsonToken.VALUE_NUMBER_INT;
        }
        if (item instanceof Double || item instanceof BigDecimal || item instanceof Float) {
            return JsonToken.VALUE_NUMBER_FLOAT;
        }
        if (item instanceof Boolean bool) {
            return bool ? JsonToken.VALUE_TRUE : JsonToken.VALUE_FALSE;
        }
        if (item instanceof Map<?, ?>) {
            return JsonToken.START_OBJECT;
        }
        if (item instanceof List<?>) {
            return JsonToken.START_ARRAY;
        }
        throw new UnsupportedValueException(item.getClass());
    }

    /**
     * Skips a nested object or array at once: the cursor of the container is simply left.
     */
    @Override
    public JsonParser skipChildren() {
        if (this._currToken == JsonToken.START_OBJECT || this._currToken == JsonToken.START_ARRAY) {
            this._currToken = (this._currToken == JsonToken.START_OBJECT) ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
            this.value = null;
            this.cursor = this.cursor.parent();
        }
        return this;
    }

    @Override
    public TokenStreamContext streamReadContext() {
        return this.cursor;
    }

    @Override
    public @Nullable Object currentValue() {
        return this.cursor.currentValue();
    }

    @Override
    public void assignCurrentValue(@Nullable Object currentValue) {
        this.cursor.assignCurrentValue(currentValue);
    }

    @Override
    public TokenStreamLocation currentTokenLocation() {
        return TokenStreamLocation.NA;
    }

    @Override
    public TokenStreamLocation currentLocation() {
        return TokenStreamLocation.NA;
    }

    @Override
    public @Nullable Object streamReadInputSource() {
        return null;
    }

    @Override
    public @Nullable String currentName() {
        if (this._currToken == JsonToken.START_OBJECT || this._currToken == JsonToken.START_ARRAY) {
            return this.cursor.parent().currentName();
        }
        return this.cursor.currentName();
    }

    @Override
    public @Nullable String getString() {
        JsonToken token = this._currToken;
        if (token == null) {
            return null;
        }
        return switch (token) {
            case VALUE_STRING -> (String) this.value;
            case PROPERTY_NAME -> this.cursor.currentName();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> String.valueOf(this.value);
            default -> token.asString();
        };
    }

    @Override
    public char @Nullable [] getStringCharacters() {
        String text = getString();
        return (text != null) ? text.toCharArray() : null;
    }

    @Override
    public int getStringLength() {
        String text = getString();
        return (text != null) ? text.length() : 0;
    }

    @Override
    public int getStringOffset() {
        return 0;
    }

    @Override
    public boolean hasStringCharacters() {
        return false;
    }

    @Override
    public boolean isNaN() {
        if (this.value instanceof Double number) {
            return !Double.isFinite(number);
        }
        return (this.value instanceof Float number) && !Float.isFinite(number);
    }

    @Override
    public Number getNumberValue() {
        if (this._currToken == null || !this._currToken.isNumeric()) {
            throw _constructNotNumericType(this._currToken, NR_UNKNOWN);
        }
        return (Number) this.value;
    }

    @Override
    public @Nullable NumberType getNumberType() {
        Object number = this.value;
        if (this._currToken == null || !this._currToken.isNumeric()) {
            return null;
        }
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return NumberType.INT;
        }
        if (number instanceof Long) {
            return NumberType.LONG;
        }
        if (number instanceof BigInteger) {
            return NumberType.BIG_INTEGER;
        }
        if (number instanceof Float) {
            return NumberType.FLOAT;
        }
        if (number instanceof BigDecimal) {
            return NumberType.BIG_DECIMAL;
        }
        return NumberType.DOUBLE;
    }

    @Override
    public NumberTypeFP getNumberTypeFP() {
        if (this._currToken == JsonToken.VALUE_NUMBER_FLOAT) {
            if (this.value instanceof Float) {
                return NumberTypeFP.FLOAT32;
            }
            if (this.value instanceof BigDecimal) {
                return NumberTypeFP.BIG_DECIMAL;
            }
            return NumberTypeFP.DOUBLE64;
        }
        return NumberTypeFP.UNKNOWN;
    }

    @Override
    public int getIntValue() {
        Number number = getNumberValue();
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.intValue();
        }
        if (number instanceof Long || number instanceof BigInteger) {
            BigInteger big = (number instanceof BigInteger b) ? b : BigInteger.valueOf(number.longValue());
            if (big.bitLength() > 31) {
                _reportOverflowInt(String.valueOf(number));
            }
            return number.intValue();
        }
        double d = number.doubleValue();
        if (d < MIN_INT_D || d > MAX_INT_D) {
            _reportOverflowInt(String.valueOf(number));
        }
        return (int) d;
    }

    @Override
    public long getLongValue() {
        Number number = getNumberValue();
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        if (number instanceof BigInteger big) {
            if (big.bitLength() > 63) {
                _reportOverflowLong(String.valueOf(number));
            }
            return big.longValue();
        }
        double d = number.doubleValue();
        if (d < MIN_LONG_D || d > MAX_LONG_D) {
            _reportOverflowLong(String.valueOf(number));
        }
        return (long) d;
    }

    @Override
    public BigInteger getBigIntegerValue() {
        Number number = getNumberValue();
        if (number instanceof BigInteger big) {
            return big;
        }
        if (number instanceof BigDecimal decimal) {
            streamReadConstraints().validateBigIntegerScale(decimal.scale());
            return decimal.toBigInteger();
        }
        if (number instanceof Double || number instanceof Float) {
            return BigDecimal.valueOf(number.doubleValue()).toBigInteger();
        }
        return BigInteger.valueOf(number.longValue());
    }

    @Override
    public float getFloatValue() {
        return getNumberValue().floatValue();
    }

    @Override
    public double getDoubleValue() {
        return getNumberValue().doubleValue();
    }

    @Override
    public BigDecimal getDecimalValue() {
        Number number = getNumberValue();
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (number instanceof Double || number instanceof Float) {
            return BigDecimal.valueOf(number.doubleValue());
        }
        return BigDecimal.valueOf(number.longValue());
    }

    @Override
    public @Nullable Object getEmbeddedObject() {
        return null;
    }

    @Override
    public byte[] getBinaryValue(Base64Variant variant) {
        if (this._currToken != JsonToken.VALUE_STRING) {
            throw _constructInputCoercion(
                    "Current token (" + this._currToken + ") not VALUE_STRING, can not access " + "as binary",
                    this._currToken, byte[].class);
        }
        ByteArrayBuilder builder = new ByteArrayBuilder(100);
        _decodeBase64((String) this.value, builder, variant);
        return builder.toByteArray();
    }

    @Override
    public void close() {
        this._closed = true;
        this._currToken = null;
    }

    @Override
    protected void _closeInput() throws IOException {
    }

    @Override
    protected void _releaseBuffers() {
    }

    @Override
    protected void _handleEOF() throws JacksonException {
    }

    /**
     * A payload value of a type this parser does not read; the caller falls back to
     * {@code convertValue}.
     */
    static final class UnsupportedValueException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnsupportedValueException(Class<?> type) {
            super("payload value of type " + type.getName(), null, false, false);
        }

    }

    /**
     * Where the parser is: the root, or inside an object or array. Also the stream read
     * context.
     */
    private abstract static class Cursor extends TokenStreamContext {

        private final @Nullable Cursor parent;

        private @Nullable Object currentValue;

        Cursor(@Nullable Cursor parent, int type) {
            super(type, -1);
            this.parent = parent;
            this._nestingDepth = (parent == null) ? 0 : parent._nestingDepth + 1;
        }

        /**
         * Returns the next token, calling {@link PayloadParser#valueToken} for a value.
         */
        abstract @Nullable JsonToken next(PayloadParser parser);

        /**
         * The parent; the root's is itself, so that a stray end token cannot leave the
         * root.
         */
        Cursor parent() {
            return (this.parent != null) ? this.parent : this;
        }

        @Override
        public @Nullable TokenStreamContext getParent() {
            return this.parent;
        }

        @Override
        public @Nullable Object currentValue() {
            return this.currentValue;
        }

        @Override
        public void assignCurrentValue(@Nullable Object value) {
            this.currentValue = value;
        }

    }

    private static final class RootCursor extends Cursor {

        private final @Nullable Object root;

        private boolean done;

        RootCursor(@Nullable Object root) {
            super(null, TYPE_ROOT);
            this.root = root;
        }

        @Override
        @Nullable JsonToken next(PayloadParser parser) {
            if (this.done) {
                return null;
            }
            this.done = true;
            this._index++;
            return parser.valueToken(this.root);
        }

        @Override
        public @Nullable String currentName() {
            return null;
        }

    }

    private static final class ObjectCursor extends Cursor {

        private final Iterator<? extends Map.Entry<?, ?>> entries;

        private @Nullable String name;

        private @Nullable Object value;

        private boolean valueNext;

        ObjectCursor(Cursor parent, Map<?, ?> map) {
            super(parent, TYPE_OBJECT);
            this.entries = map.entrySet().iterator();
        }

        @Override
        JsonToken next(PayloadParser parser) {
            if (this.valueNext) {
                this.valueNext = false;
                return parser.valueToken(this.value);
            }
            if (!this.entries.hasNext()) {
                return JsonToken.END_OBJECT;
            }
            Map.Entry<?, ?> entry = this.entries.next();
            if (!(entry.getKey() instanceof String key)) {
                throw new UnsupportedValueException(Map.class);
            }
            this.name = key;
            this.value = entry.getValue();
            this.valueNext = true;
            this._index++;
            return JsonToken.PROPERTY_NAME;
        }

        @Override
        public @Nullable String currentName() {
            return this.name;
        }

    }

    private static final class ArrayCursor extends Cursor {

        private final List<?> list;

        ArrayCursor(Cursor parent, List<?> list) {
            super(parent, TYPE_ARRAY);
            this.list = list;
        }

        @Override
        JsonToken next(PayloadParser parser) {
            if (this._index + 1 >= this.list.size()) {
                return JsonToken.END_ARRAY;
            }
            this._index++;
            return parser.valueToken(this.list.get(this._index));
        }

        @Override
        public @Nullable String currentName() {
            return null;
        }

    }

}
