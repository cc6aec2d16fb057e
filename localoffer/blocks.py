"""StreamField blocks for information pages, each named after the GOV.UK component it renders."""

from wagtail import blocks

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "localoffer/blocks/heading_block.html"
        preview_value = "How to ask for an EHC needs assessment"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "localoffer/blocks/paragraph_block.html"


class InsetTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=["bold", "link"], **kwargs)

    class Meta:
        icon = "openquote"
        template = "localoffer/blocks/inset_text_block.html"


class WarningTextBlock(blocks.CharBlock):
    class Meta:
        icon = "warning"
        template = "localoffer/blocks/warning_text_block.html"
        preview_value = "You must apply within 2 months of the decision letter."


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(help_text="The link text families click to open the details")
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "collapse-down"
        template = "localoffer/blocks/details_block.html"


class ButtonBlock(blocks.StructBlock):
    text = blocks.CharBlock()
    link = blocks.URLBlock(required=False)
    page = blocks.PageChooserBlock(required=False)

    class Meta:
        icon = "link"
        template = "localoffer/blocks/button_block.html"


class InformationStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()
    details = DetailsBlock()
    button = ButtonBlock()
