using System;
using System.Collections.Generic;
using System.Formats.Asn1;

namespace SupplyChainTools.Core.Pkcs
{
    /// <summary>One CMS attribute: its type and the encoded values of its SET.</summary>
    internal sealed class CmsAttribute
    {
        private const int MaxAttributes = 256;
        private const int MaxAttributeValues = 64;

        public CmsAttribute(string oid, IReadOnlyList<ReadOnlyMemory<byte>> values)
        {
            Oid = oid;
            Values = values;
        }

        public string Oid { get; }

        public IReadOnlyList<ReadOnlyMemory<byte>> Values { get; }

        /// <summary>Reads a SET OF Attribute, bounded against hostile input.</summary>
        internal static List<CmsAttribute> ReadAll(AsnReader attributeSet)
        {
            var attributes = new List<CmsAttribute>();
            while (attributeSet.HasData)
            {
                if (attributes.Count >= MaxAttributes)
                {
                    throw new FormatException("A signer holds more than " + MaxAttributes + " attributes.");
                }

                AsnReader attribute = attributeSet.ReadSequence();
                string oid = attribute.ReadObjectIdentifier();
                AsnReader valueSet = attribute.ReadSetOf(skipSortOrderValidation: true);
                var values = new List<ReadOnlyMemory<byte>>();
                while (valueSet.HasData)
                {
                    if (values.Count >= MaxAttributeValues)
                    {
                        throw new FormatException("An attribute holds more than " + MaxAttributeValues + " values.");
                    }

                    values.Add(valueSet.ReadEncodedValue());
                }

                attributes.Add(new CmsAttribute(oid, values));
            }

            return attributes;
        }
    }
}
