using System;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SupplyChainTools.Core.Trust
{
    /// <summary>Verifies a signature over a precomputed digest with a certificate's public key (RSA PKCS#1 v1.5 or ECDSA).</summary>
    internal static class SignatureMath
    {
        public static bool VerifyHash(X509Certificate2 certificate, HashAlgorithmName hashAlgorithm, byte[] hash, byte[] signature, bool allowBareRsaDigest)
        {
            using (RSA? rsa = certificate.GetRSAPublicKey())
            {
                if (rsa != null)
                {
                    bool verified;
                    try
                    {
                        verified = rsa.VerifyHash(hash, signature, hashAlgorithm, RSASignaturePadding.Pkcs1);
                    }
                    catch (CryptographicException)
                    {
                        verified = false;
                    }

                    return verified || (allowBareRsaDigest && VerifyBareRsaDigest(rsa, hash, signature));
                }
            }

            using (ECDsa? ecdsa = certificate.GetECDsaPublicKey())
            {
                if (ecdsa != null)
                {
                    byte[]? ieee = DerToIeeeP1363(signature, (ecdsa.KeySize + 7) / 8);
                    try
                    {
                        return ieee != null && ecdsa.VerifyHash(hash, ieee);
                    }
                    catch (CryptographicException)
                    {
                        return false;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Old VeriSign time-stamp countersignatures encrypt a bare 16/20-byte digest without the
        /// DigestInfo wrapper, which PKCS#1 verification rejects: recover the payload with the raw
        /// RSA public operation and compare it to the digest.
        /// </summary>
        private static bool VerifyBareRsaDigest(RSA rsa, byte[] hash, byte[] signature)
        {
            RSAParameters parameters = rsa.ExportParameters(false);
            if (parameters.Modulus == null || parameters.Exponent == null)
            {
                return false;
            }

            BigInteger modulus = FromBigEndian(parameters.Modulus);
            BigInteger exponent = FromBigEndian(parameters.Exponent);
            BigInteger signatureValue = FromBigEndian(signature);
            if (signatureValue >= modulus)
            {
                return false;
            }

            byte[] message = ToBigEndian(BigInteger.ModPow(signatureValue, exponent, modulus), parameters.Modulus.Length);
            if (message.Length < hash.Length + 11 || message[0] != 0 || message[1] != 1)
            {
                return false;
            }

            int separator = 2;
            while (separator < message.Length && message[separator] == 0xFF)
            {
                separator++;
            }

            if (separator < 10 || separator >= message.Length || message[separator] != 0)
            {
                return false;
            }

            int payloadLength = message.Length - separator - 1;
            if (payloadLength != hash.Length)
            {
                return false;
            }

            byte[] payload = new byte[payloadLength];
            Array.Copy(message, separator + 1, payload, 0, payloadLength);
            return Pkcs.DigestAlgorithms.FixedTimeEquals(payload, hash);
        }

        internal static byte[]? DerToIeeeP1363(byte[] der, int fieldSize)
        {
            try
            {
                var reader = new AsnReader(der, AsnEncodingRules.DER);
                AsnReader sequence = reader.ReadSequence();
                byte[] r = sequence.ReadIntegerBytes().ToArray();
                byte[] s = sequence.ReadIntegerBytes().ToArray();
                if (sequence.HasData || reader.HasData)
                {
                    return null;
                }

                var result = new byte[fieldSize * 2];
                return CopyUnsigned(r, result, 0, fieldSize) && CopyUnsigned(s, result, fieldSize, fieldSize) ? result : null;
            }
            catch (AsnContentException)
            {
                return null;
            }
        }

        private static bool CopyUnsigned(byte[] integer, byte[] destination, int offset, int fieldSize)
        {
            int start = 0;
            while (start < integer.Length - 1 && integer[start] == 0)
            {
                start++;
            }

            int length = integer.Length - start;
            if (length > fieldSize)
            {
                return false;
            }

            Array.Copy(integer, start, destination, offset + fieldSize - length, length);
            return true;
        }

        private static BigInteger FromBigEndian(byte[] bigEndian)
        {
            var littleEndian = new byte[bigEndian.Length + 1];
            for (int i = 0; i < bigEndian.Length; i++)
            {
                littleEndian[i] = bigEndian[bigEndian.Length - 1 - i];
            }

            return new BigInteger(littleEndian);
        }

        private static byte[] ToBigEndian(BigInteger value, int length)
        {
            byte[] littleEndian = value.ToByteArray();
            var result = new byte[length];
            for (int i = 0; i < littleEndian.Length && i < length; i++)
            {
                result[length - 1 - i] = littleEndian[i];
            }

            return result;
        }
    }
}
