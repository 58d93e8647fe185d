using System;
using System.Formats.Asn1;

namespace SupplyChainTools.Core.Pkcs
{
    /// <summary>The TSTInfo of an RFC 3161 time-stamp token.</summary>
    internal sealed class TimestampTokenInfo
    {
        private TimestampTokenInfo(string hashAlgorithmOid, byte[] messageImprint, DateTimeOffset generalizedTime)
        {
            HashAlgorithmOid = hashAlgorithmOid;
            MessageImprint = messageImprint;
            GeneralizedTime = generalizedTime;
        }

        public string HashAlgorithmOid { get; }

        public byte[] MessageImprint { get; }

        public DateTimeOffset GeneralizedTime { get; }

        /// <summary>Decodes TSTInfo, accepting it bare or wrapped in the OCTET STRING of eContent.</summary>
        public static TimestampTokenInfo Decode(ReadOnlyMemory<byte> encoded)
        {
            var reader = new AsnReader(CmsSignedData.UnwrapOctetString(encoded), AsnEncodingRules.BER);
            AsnReader info = reader.ReadSequence();
            info.ReadInteger();
            info.ReadObjectIdentifier();
            AsnReader imprint = info.ReadSequence();
            AsnReader algorithm = imprint.ReadSequence();
            string hashAlgorithmOid = algorithm.ReadObjectIdentifier();
            byte[] messageImprint = imprint.ReadOctetString();
            info.ReadIntegerBytes();
            DateTimeOffset time = info.ReadGeneralizedTime();
            return new TimestampTokenInfo(hashAlgorithmOid, messageImprint, time);
        }
    }
}
