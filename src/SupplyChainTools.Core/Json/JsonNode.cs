using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Json
{
    internal enum JsonKind
    {
        Object,
        Array,
        String,
        Number,
        True,
        False,
        Null,
    }

    /// <summary>
    /// One value of a parsed JSON document (see <see cref="JsonDocumentParser"/>): an object keeps its members in
    /// document order, an array its items, a string its decoded text, a number its literal text.
    /// </summary>
    internal sealed class JsonNode
    {
        private static readonly IReadOnlyList<JsonNode> NoItems = System.Array.Empty<JsonNode>();
        private static readonly IReadOnlyList<KeyValuePair<string, JsonNode>> NoMembers = System.Array.Empty<KeyValuePair<string, JsonNode>>();

        private JsonNode(JsonKind kind, string? text, IReadOnlyList<JsonNode>? items, IReadOnlyList<KeyValuePair<string, JsonNode>>? members, int line)
        {
            Kind = kind;
            Text = text;
            Items = items ?? NoItems;
            Members = members ?? NoMembers;
            Line = line;
        }

        public JsonKind Kind { get; }

        /// <summary>The decoded text of a string, the literal of a number; null otherwise.</summary>
        public string? Text { get; }

        /// <summary>An array's items (empty for every other kind).</summary>
        public IReadOnlyList<JsonNode> Items { get; }

        /// <summary>An object's members in document order (empty for every other kind).</summary>
        public IReadOnlyList<KeyValuePair<string, JsonNode>> Members { get; }

        /// <summary>The 1-based line the value starts on.</summary>
        public int Line { get; }

        /// <summary>The first member named <paramref name="name"/> of an object (ordinal); null when absent or not an object.</summary>
        public JsonNode? this[string name]
        {
            get
            {
                foreach (KeyValuePair<string, JsonNode> member in Members)
                {
                    if (string.Equals(member.Key, name, StringComparison.Ordinal))
                    {
                        return member.Value;
                    }
                }

                return null;
            }
        }

        /// <summary>The text of member <paramref name="name"/> when it is a string; null otherwise.</summary>
        public string? GetString(string name)
        {
            JsonNode? value = this[name];
            return value != null && value.Kind == JsonKind.String ? value.Text : null;
        }

        /// <summary>The items of member <paramref name="name"/> when it is an array; empty otherwise.</summary>
        public IReadOnlyList<JsonNode> GetArray(string name)
        {
            JsonNode? value = this[name];
            return value != null && value.Kind == JsonKind.Array ? value.Items : NoItems;
        }

        internal static JsonNode Scalar(JsonKind kind, string? text, int line) => new JsonNode(kind, text, null, null, line);

        internal static JsonNode ArrayOf(List<JsonNode> items, int line) => new JsonNode(JsonKind.Array, null, items, null, line);

        internal static JsonNode ObjectOf(List<KeyValuePair<string, JsonNode>> members, int line) => new JsonNode(JsonKind.Object, null, null, members, line);
    }
}
