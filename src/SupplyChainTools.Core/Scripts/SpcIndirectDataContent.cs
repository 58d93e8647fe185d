using System;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace SupplyChainTools.Core.Scripts
{
    /// <summary>
    /// The decoded SpcIndirectDataContent (1.3.6.1.4.1.311.2.1.4): what an Authenticode signature or a
    /// catalog member says the file's digest is.
    /// <code>SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptionalValue, messageDigest DigestInfo }</code>
    /// </summary>
    public sealed class SpcIndirectDataContent
    {
        public const string ContentTypeOid = "1.3.6.1.4.1.311.2.1.4";
        public const string SipInfoOid = "1.3.6.1.4.1.311.2.1.30";
        public const string PeImageDataOid = "1.3.6.1.4.1.311.2.1.15";
        public const string CabDataOid = "1.3.6.1.4.1.311.2.1.25";

        /// <summary>The SIP GUID that PowerShell script signatures carry in SpcSipInfo.</summary>
        public const string PowerShellSipGuid = "603bcc1f-4b59-4e08-b724-d2c6297ef351";

        private readonly byte[] digest;

        private SpcIndirectDataContent(string dataTypeOid, string? sipGuid, string digestAlgorithmOid, byte[] digest)
        {
            DataTypeOid = dataTypeOid;
            SipGuid = sipGuid;
            DigestAlgorithmOid = digestAlgorithmOid;
            this.digest = digest;
        }

        /// <summary>The type of the data field: SIPINFO for scripts, PE_IMAGE_DATA for PE files, CAB_DATA for flat files, etc.</summary>
        public string DataTypeOid { get; }

        /// <summary>The SIP GUID when the data field is an SpcSipInfo (lower-case "D" format), otherwise null.</summary>
        public string? SipGuid { get; }

        public string DigestAlgorithmOid { get; }

        /// <summary>A copy of the signed digest.</summary>
        public byte[] GetDigest() => (byte[])digest.Clone();

        /// <summary>The signed digest as upper-case hex.</summary>
        public string DigestHex => HashAlgorithmOids.ToHex(digest);

        /// <summary>Reads the digest and its algorithm OID; false for anything that is not a well-formed SpcIndirectDataContent.</summary>
        public static bool TryRead(byte[] content, out string digestAlgorithmOid, out byte[] digest)
        {
            if (TryDecode(content, out SpcIndirectDataContent? decoded) && decoded is not null)
            {
                digestAlgorithmOid = decoded.DigestAlgorithmOid;
                digest = decoded.GetDigest();
                return true;
            }

            digestAlgorithmOid = string.Empty;
            digest = Array.Empty<byte>();
            return false;
        }

        /// <summary>Decodes an SpcIndirectDataContent SEQUENCE (BER or DER). Never throws on malformed input.</summary>
        public static bool TryDecode(byte[] content, out SpcIndirectDataContent? decoded)
        {
            decoded = null;
            if (content is null || content.Length == 0)
            {
                return false;
            }

            try
            {
                var outer = new AsnReader(content, AsnEncodingRules.BER);
                AsnReader sequence = outer.ReadSequence();
                AsnReader data = sequence.ReadSequence();
                string dataTypeOid = data.ReadObjectIdentifier();
                string? sipGuid = null;
                if (data.HasData)
                {
                    ReadOnlyMemory<byte> value = data.ReadEncodedValue();
                    if (dataTypeOid == SipInfoOid)
                    {
                        sipGuid = TryReadSipGuid(value);
                    }
                }

                AsnReader digestInfo = sequence.ReadSequence();
                AsnReader algorithm = digestInfo.ReadSequence();
                string algorithmOid = algorithm.ReadObjectIdentifier();
                byte[] digestBytes = digestInfo.ReadOctetString();
                if (digestBytes.Length == 0 || digestBytes.Length > 64)
                {
                    return false;
                }

                decoded = new SpcIndirectDataContent(dataTypeOid, sipGuid, algorithmOid, digestBytes);
                return true;
            }
            catch (Exception e) when (e is AsnContentException || e is CryptographicException || e is ArgumentException)
            {
                return false;
            }
        }

        /// <summary>SpcSipInfo ::= SEQUENCE { dwSIPversion INTEGER, gSIPguid OCTET STRING (16), ... }.</summary>
        private static string? TryReadSipGuid(ReadOnlyMemory<byte> encodedSipInfo)
        {
            var reader = new AsnReader(encodedSipInfo, AsnEncodingRules.BER);
            AsnReader sipInfo = reader.ReadSequence();
            sipInfo.ReadInteger();
            byte[] guidBytes = sipInfo.ReadOctetString();
            return guidBytes.Length == 16 ? new Guid(guidBytes).ToString("D") : null;
        }
    }
}
