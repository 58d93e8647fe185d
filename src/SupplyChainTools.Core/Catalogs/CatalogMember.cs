using System;
using System.Collections.Generic;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Catalogs
{
    /// <summary>One entry of a catalog: a file hash the catalog vouches for, with its attributes.</summary>
    public sealed class CatalogMember
    {
        private readonly byte[] identifier;
        private readonly byte[]? digest;

        internal CatalogMember(
            byte[] identifier,
            SpcIndirectData? indirectData,
            IReadOnlyList<CatalogNameValue> nameValues,
            string? memberInfoGuid,
            int? memberInfoVersion,
            IReadOnlyList<string> attributeOids)
        {
            this.identifier = identifier;
            IdentifierHex = HexConverter.ToUpperHex(identifier);
            IdentifierText = TryDecodeUtf16Identifier(identifier);
            if (indirectData is not null)
            {
                digest = indirectData.Digest;
                DigestAlgorithmOid = indirectData.DigestAlgorithmOid;
                IndirectDataTypeOid = indirectData.DataTypeOid;
            }

            NameValues = nameValues;
            MemberInfoGuid = memberInfoGuid;
            MemberInfoVersion = memberInfoVersion;
            AttributeOids = attributeOids;
        }

        /// <summary>The raw subject identifier as upper-case hex.</summary>
        public string IdentifierHex { get; }

        /// <summary>The identifier read as a UTF-16LE string (some catalogs store the hash as hex text), else null.</summary>
        public string? IdentifierText { get; }

        /// <summary>Digest algorithm OID of the member's SpcIndirectDataContent, or null when it has none (SHA1-era entries).</summary>
        public string? DigestAlgorithmOid { get; }

        /// <summary>The member's digest (SpcIndirectDataContent) as upper-case hex, or null.</summary>
        public string? DigestHex => digest is null ? null : HexConverter.ToUpperHex(digest);

        /// <summary>What the digest covers: PE_IMAGE_DATA (PE image hash), CAB_DATA (flat file hash), ...</summary>
        public string? IndirectDataTypeOid { get; }

        public IReadOnlyList<CatalogNameValue> NameValues { get; }

        /// <summary>The "File" name value (the member's file name as the catalog author recorded it), or null.</summary>
        public string? FileName
        {
            get
            {
                foreach (CatalogNameValue nameValue in NameValues)
                {
                    if (string.Equals(nameValue.Name, "File", StringComparison.OrdinalIgnoreCase))
                    {
                        return nameValue.Value;
                    }
                }

                return null;
            }
        }

        /// <summary>CAT_MEMBERINFO subject GUID (the SIP that hashed the member), or null.</summary>
        public string? MemberInfoGuid { get; }

        public int? MemberInfoVersion { get; }

        /// <summary>OIDs of every attribute on the member, in file order.</summary>
        public IReadOnlyList<string> AttributeOids { get; }

        public byte[]? GetDigest() => digest is null ? null : (byte[])digest.Clone();

        public byte[] GetIdentifier() => (byte[])identifier.Clone();

        /// <summary>
        /// True when <paramref name="candidate"/> is this member's digest: the SpcIndirectDataContent digest when
        /// present; otherwise the identifier, raw or as UTF-16 hex text.
        /// </summary>
        public bool Matches(byte[] candidate)
        {
            if (candidate is null || candidate.Length == 0)
            {
                return false;
            }

            if (digest is not null)
            {
                return BytesEqual(digest, candidate);
            }

            if (BytesEqual(identifier, candidate))
            {
                return true;
            }

            return IdentifierText is not null &&
                string.Equals(IdentifierText, HexConverter.ToUpperHex(candidate), StringComparison.OrdinalIgnoreCase);
        }

        public override string ToString() => (FileName ?? IdentifierHex) + (DigestHex is null ? string.Empty : " " + DigestHex);

        private static bool BytesEqual(byte[] left, byte[] right)
        {
            if (left.Length != right.Length)
            {
                return false;
            }

            for (int i = 0; i < left.Length; i++)
            {
                if (left[i] != right[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>An identifier that is UTF-16LE hex digits (optionally NUL-terminated) is returned as text.</summary>
        private static string? TryDecodeUtf16Identifier(byte[] bytes)
        {
            if (bytes.Length < 4 || bytes.Length % 2 != 0)
            {
                return null;
            }

            var chars = new char[bytes.Length / 2];
            int count = 0;
            for (int i = 0; i < bytes.Length; i += 2)
            {
                char c = (char)(bytes[i] | (bytes[i + 1] << 8));
                if (c == '\0' && i == bytes.Length - 2)
                {
                    break;
                }

                bool hexDigit = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
                if (!hexDigit)
                {
                    return null;
                }

                chars[count++] = c;
            }

            return count == 0 ? null : new string(chars, 0, count);
        }
    }
}
